//! The real game in a real window: needs an X server (CI runs it under Xvfb with Mesa's software
//! Vulkan), so it is ignored by a plain `cargo test` and run by `.ci/run`.

use std::process::Command;

/// Decodes a PNG into its size and RGBA pixels.
fn decode(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        other => panic!("unexpected colour type {other:?}"),
    };
    (info.width, info.height, rgba)
}

#[test]
#[ignore = "needs an X server; .ci/run runs it under Xvfb"]
fn the_title_screen_renders_at_both_sizes() {
    for (w, h) in [(1280u32, 720u32), (1920, 1080)] {
        let out = std::env::temp_dir().join(format!("counterplay-title-{w}x{h}.png"));
        let _ = std::fs::remove_file(&out);
        let status = Command::new(env!("CARGO_BIN_EXE_counterplay"))
            .arg("--screenshot")
            .arg(&out)
            .arg("--size")
            .arg(format!("{w}x{h}"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("the game starts");
        assert!(status.success(), "the game exited with {status}");
        let (width, height, rgba) = decode(&out);
        assert_eq!((width, height), (w, h));
        // The title is drawn: a good share of bright text pixels in the top third.
        let bright = rgba[..(rgba.len() / 3)]
            .chunks(4)
            .filter(|p| p[0] > 200 && p[1] > 200 && p[2] > 200)
            .count();
        assert!(bright > 500, "only {bright} bright pixels at {w}x{h}");
    }
}
