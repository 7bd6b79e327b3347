//! Scenario files of the shapes that once cost minutes and gigabytes to check, all under the
//! size limit: shared by the tests that refuse them quickly and the bench that times it.

/// A scenario on one line with `nodes` nodes written by `node`.
pub fn one_line(nodes: usize, node: impl Fn(usize) -> String) -> String {
    let body: Vec<String> = (0..nodes).map(node).collect();
    format!(
        "(version:1,id:\"big\",title:(zh:\"大\",en:\"Big\"),setting:BusinessHall,difficulty:1,\
         failure:(kind:Process,magnitude:0.4,promised:(zh:\"十\",en:\"t\"),delivered:(zh:\"半\",en:\"h\")),\
         customer:(name:(zh:\"王\",en:\"W\"),trait:Rush,motives:(respect:0.3,venting:0.5,compensation:0.2)),\
         start:\"n0\",nodes:[{}])",
        body.join(",")
    )
}

/// One line of 14,000 empty nodes: over the node limit 28 times.
pub fn too_many_nodes() -> String {
    one_line(14_000, |i| format!("(id:\"n{i}\",lines:[],replies:[])"))
}

/// One line of 499 nodes of 9 replies, each reply wrong in several ways: thousands of
/// diagnostics on a line of 280 KB.
pub fn every_reply_wrong() -> String {
    one_line(499, |i| {
        let replies: Vec<String> = (0..9)
            .map(|k| format!("(text:(zh:\"抱\",en:\"\"),grade:Good,next:\"x{i}_{k}\",offer:-1.0)"))
            .collect();
        format!("(id:\"n{i}\",lines:[],replies:[{}])", replies.join(","))
    })
}
