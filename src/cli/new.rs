//! `counterplay new`: a commented scenario skeleton that passes `check` at once, so an
//! instructor starts from a working file and changes it a step at a time, checking as they go.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::lang::Lang;
use crate::rulebook::Matcher;
use crate::scenario::{CheckContext, Setting, Trait, is_valid_id, load_file};

use super::assets;

/// Writes `dir/<id>.ron` and checks it; refuses to overwrite a file.
pub(super) fn run(
    matcher: &Matcher,
    id: &str,
    r#trait: Trait,
    setting: Setting,
    dir: &Path,
) -> ExitCode {
    if !is_valid_id(id) {
        eprintln!("error: the id `{id}` must be 1 to 64 characters of a-z, 0-9, `_` or `-`");
        return ExitCode::from(2);
    }
    let path: PathBuf = dir.join(format!("{id}.ron"));
    if path.exists() {
        eprintln!(
            "error: {} already exists; choose another id or edit that file",
            path.display()
        );
        return ExitCode::from(1);
    }
    let text = skeleton(matcher, id, r#trait, setting);
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        // `create_new` so a file appearing meanwhile is never overwritten.
        use std::io::Write as _;
        std::fs::File::create_new(&path)?.write_all(text.as_bytes())
    });
    if let Err(e) = written {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(1);
    }
    let assets = assets();
    let checked = load_file(
        &path,
        CheckContext {
            matcher,
            assets: assets.as_ref(),
        },
    );
    for d in &checked.diagnostics {
        eprint!("{}", d.render());
    }
    println!("wrote {}", path.display());
    println!(
        "next: edit it, then `counterplay check --watch {}` while you work,",
        path.display()
    );
    println!(
        "      `counterplay play {id}` to try it, `counterplay explore {id}` to see every path."
    );
    if checked.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The skeleton's text: a small but complete conversation (a good, a mediocre and a bad reply,
/// a calmer and an angrier customer, two endings), with comments saying what each field does.
pub fn skeleton(matcher: &Matcher, id: &str, r#trait: Trait, setting: Setting) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// A new scenario: replace every text, then run `counterplay check` on this file."
    );
    let _ = writeln!(
        out,
        "// The authoring guide (docs/authoring.md, docs/authoring.zh.md) explains every field."
    );
    if let Some(s) = matcher.rulebook().strategy(r#trait) {
        let _ = writeln!(out, "//");
        let (zh, en) = (Lang::Zh, Lang::En);
        let _ = writeln!(out, "// {} / {}", s.name.get(zh), s.name.get(en));
        let _ = writeln!(out, "// 课程: {}", s.strategy.get(zh));
        let _ = writeln!(out, "// Course: {}", s.strategy.get(en));
        if matches!(r#trait, Trait::Repeat | Trait::Unreasonable) {
            let _ = writeln!(
                out,
                "// The generic replies below do not satisfy this customer: write replies that follow\n// the strategy above, then see with `counterplay explore {id}` which paths resolve."
            );
        }
    }
    let tuning = match r#trait {
        // A hurried customer minds slow replies; say how slow is too slow.
        Trait::Rush => "(max_turns: 8, reply_seconds: 20.0)",
        _ => "(max_turns: 8)",
    };
    out.push_str(
        &TEMPLATE
            .replace("{id}", id)
            .replace("{setting}", &format!("{setting:?}"))
            .replace("{trait}", &format!("{trait:?}"))
            .replace("{tuning}", tuning),
    );
    out
}

const TEMPLATE: &str = r#"(
    version: 1,
    id: "{id}",                        // used on the command line and in results
    title: (zh: "新场景:等候太久", en: "New scenario: a long wait"),
    setting: {setting},
    difficulty: 2,                     // 1 (gentle) to 5 (hardest)
    tags: ["waiting"],
    briefing: (
        zh: "一位顾客已经等了很久,走到柜台前。你是值班的服务人员。",
        en: "A customer who has been kept waiting a long time comes up to the counter. You are the clerk on duty.",
    ),
    failure: (
        kind: Process,                 // Outcome: the service itself failed; Process: how it was delivered
        magnitude: 0.4,                // 0 trivial .. 1 serious
        promised: (zh: "十分钟办好", en: "Done in ten minutes"),
        delivered: (zh: "等了半个小时,没人解释", en: "Half an hour, and no one explained"),
        fair_compensation: 0.0,        // yuan; offers are judged against it
    ),
    customer: (
        name: (zh: "张先生", en: "Mr Zhang"),
        trait: {trait},
        motives: (respect: 0.4, venting: 0.4, compensation: 0.2),   // must sum to 1
        tuning: {tuning},
    ),
    start: "open",
    nodes: [
        (
            id: "open",
            lines: [
                (text: (zh: "我都等了半个小时了,到底还要等多久?", en: "I've been waiting half an hour. How much longer?")),
                // Said instead when the customer is furious.
                (mood: Furious, text: (zh: "半个小时了!你们就是这样对待顾客的?", en: "Half an hour! Is this how you treat customers?")),
            ],
            replies: [
                (
                    text: (
                        zh: "让您久等了,真对不起。换了是我也会着急。我马上帮您查一下进度。",
                        en: "Sorry to keep you waiting. I'd be impatient too. I'll check on it right now.",
                    ),
                    grade: Good,
                    next: "explain",
                    why: (zh: "先道歉、共情,再马上行动。", en: "Apologise and empathise first, then act at once."),
                ),
                // A warm, long reply that does nothing: the Good one should not be the longest
                // everywhere, or a trainee picks it by length (`check` warns).
                (
                    text: (
                        zh: "真是太不好意思了,让您等了这么久,实在对不起,给您添麻烦了,请您再耐心等一会儿。",
                        en: "I'm terribly sorry you've had to wait so long, really, I apologise for the trouble. Please bear with us a little longer.",
                    ),
                    grade: Mediocre,
                    next: "explain",
                    why: (zh: "道歉很多,却什么也没做,也没有说明要等多久。", en: "Plenty of apology, but nothing done and no word on how long."),
                ),
                (
                    text: (zh: "这是规定,大家都在排队。", en: "That's the rule; everyone is queueing."),
                    grade: Bad,
                    next: "angrier",
                    // Branches are tried in order before `next`.
                    branches: [(when: AngerAtLeast(0.85), to: "escalated")],
                    why: (zh: "“这是规定”是忌语:拿规定挡顾客。", en: "'That's the rule' is a banned phrase: hiding behind the rules."),
                ),
            ],
        ),
        (
            id: "explain",
            lines: [(text: (zh: "那到底是怎么回事?", en: "So what is going on?"))],
            replies: [
                (
                    text: (
                        zh: "是系统审核慢了。我已经请同事加急处理,每一步进展我都会马上告诉您。",
                        en: "The system check is running slow. I've asked a colleague to rush it, and I'll tell you the moment anything moves.",
                    ),
                    grade: Good,
                    next: "resolved",
                    branches: [(when: AngerAtLeast(0.6), to: "angrier")],
                    why: (zh: "说明原因,承诺跟进,但不随口许诺时间。", en: "Explains why and commits to follow it up, without promising a time it cannot keep."),
                ),
                (
                    text: (zh: "我也不知道,您问别人吧。", en: "I don't know. Ask someone else."),
                    grade: Bad,
                    next: "angrier",
                    branches: [(when: AngerAtLeast(0.85), to: "escalated")],
                    why: (zh: "推卸责任。", en: "Passing the buck."),
                ),
            ],
        ),
        (
            id: "angrier",
            lines: [(text: (zh: "你这是什么态度?我要找你们经理!", en: "What kind of attitude is that? I want your manager!"))],
            replies: [
                (
                    text: (
                        zh: "对不起,刚才那句是我说错了。我现在就亲自帮您办完。",
                        en: "Sorry, that was the wrong thing to say. I'll see it through myself, now.",
                    ),
                    grade: Good,
                    next: "resolved",
                    branches: [(when: AngerAtLeast(0.85), to: "escalated")],
                    why: (zh: "承认自己的错,并亲自负责到底。", en: "Owns the mistake and takes personal charge."),
                ),
                (
                    text: (
                        zh: "真的非常抱歉,请您千万别生气,我们的服务确实还有很多需要改进的地方,感谢您的理解和支持。",
                        en: "I'm truly sorry, please don't be upset. Our service certainly has room to improve, and we appreciate your understanding and support.",
                    ),
                    grade: Mediocre,
                    next: "explain",
                    why: (zh: "客气话说了一堆,问题还在原地。", en: "A lot of courtesy, and the problem is where it was."),
                ),
                (
                    text: (zh: "经理也是这么说的。", en: "The manager would say the same."),
                    grade: Bad,
                    next: "escalated",
                    why: (zh: "火上浇油。", en: "Adds fuel to the fire."),
                ),
            ],
        ),
        // End nodes: the customer's last words and the outcome.
        (id: "resolved", lines: [(text: (zh: "好吧,那我再等等。", en: "All right, I'll wait a bit longer."))], end: Resolved),
        (id: "escalated", lines: [(text: (zh: "我要投诉你们!", en: "I'm making a complaint!"))], end: Escalated),
    ],
    discussion: [(zh: "顾客最想要的是什么?", en: "What did the customer want most?")],
    model_answer: (
        zh: "先道歉、共情,再说明原因,承诺跟进并亲自负责到底。",
        en: "Apologise and empathise, explain the cause, and follow it through yourself.",
    ),
)
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::shipped_rulebook;
    use crate::scenario::load_str;

    #[test]
    fn every_skeleton_passes_check_without_warnings() {
        let m = shipped_rulebook();
        for t in Trait::ALL {
            for s in Setting::ALL {
                let text = skeleton(&m, "new_one", t, s);
                let ctx = CheckContext {
                    matcher: &m,
                    assets: None,
                };
                let file = load_str(Path::new("scenarios/new_one.ron"), &text, ctx);
                let found: Vec<String> = file.diagnostics.iter().map(|d| d.render()).collect();
                assert!(found.is_empty(), "{t:?} {s:?}:\n{}", found.join("\n"));
                let scenario = file.scenario.unwrap();
                assert_eq!(scenario.customer.r#trait, t);
                assert_eq!(scenario.setting, s);
            }
        }
    }
}
