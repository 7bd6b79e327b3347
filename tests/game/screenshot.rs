//! The real game in a real window: needs an X server (CI runs it under Xvfb with Mesa's software
//! Vulkan), so it is ignored by a plain `cargo test` and run by `.ci/run`.

use std::process::Command;

/// Decodes a PNG into its size and RGBA pixels.
pub fn decode(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
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

/// The screens `counterplay shoot` saves.
const SHOTS: [&str; 10] = [
    "title",
    "select",
    "counter",
    "debrief",
    "counter-typed",
    "debrief-typed",
    "history",
    "settings",
    "map",
    "preview",
];

#[test]
#[ignore = "needs an X server; .ci/run runs it under Xvfb"]
fn shoot_saves_every_screen_in_both_languages_at_both_sizes() {
    for (lang, (w, h)) in [("zh", (1280u32, 720u32)), ("en", (1920, 1080))] {
        let out = std::env::temp_dir().join(format!("counterplay-shoot-{lang}-{w}x{h}"));
        let _ = std::fs::remove_dir_all(&out);
        let status = Command::new(env!("CARGO_BIN_EXE_counterplay"))
            .args([
                "shoot",
                "--lang",
                lang,
                "--size",
                &format!("{w}x{h}"),
                "--out",
            ])
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("the game starts");
        assert!(status.success(), "the game exited with {status}");
        let mut shots = Vec::new();
        for name in SHOTS {
            let (width, height, rgba) = decode(&out.join(format!("{name}.png")));
            assert_eq!((width, height), (w, h), "{name}");
            // Something is drawn: a good share of pixels (text, mostly) far from the
            // background's colour, the commonest one.
            let mut counts = std::collections::HashMap::new();
            for p in rgba.chunks(4) {
                *counts.entry([p[0], p[1], p[2]]).or_insert(0usize) += 1;
            }
            let background = counts.into_iter().max_by_key(|(_, n)| *n).unwrap().0;
            let drawn = rgba
                .chunks(4)
                .filter(|p| (0..3).any(|i| p[i].abs_diff(background[i]) > 60))
                .count();
            assert!(
                drawn > 500,
                "only {drawn} pixels drawn in {name} at {w}x{h}"
            );
            shots.push(rgba);
        }
        // The face of the calm customer and the angry one differ: compare the portrait's area
        // (the left column, below the top bar).
        let region = |rgba: &[u8]| -> Vec<u8> {
            let (x0, x1, y0, y1) = (0, w as usize * 3 / 10, h as usize / 10, h as usize / 2);
            (y0..y1)
                .flat_map(|y| (x0..x1).map(move |x| (y * w as usize + x) * 4))
                .flat_map(|i| rgba[i..i + 3].to_vec())
                .collect()
        };
        let (calm, angry) = (region(&shots[2]), region(&shots[4]));
        let differing = calm
            .chunks(3)
            .zip(angry.chunks(3))
            .filter(|(a, b)| a.iter().zip(*b).any(|(x, y)| x.abs_diff(*y) > 40))
            .count();
        assert!(
            differing > calm.len() / 3 / 20,
            "the faces differ in only {differing} pixels at {w}x{h}"
        );
    }
}

/// The screens `counterplay shoot --classroom` saves.
const CLASS_SHOTS: [&str; 4] = ["class-vote", "class-pause", "class-debrief", "class-report"];

#[test]
#[ignore = "needs an X server; .ci/run runs it under Xvfb"]
fn projector_mode_shots_at_projector_sizes_are_high_contrast_and_full() {
    for (lang, (w, h)) in [("en", (1024u32, 768u32)), ("zh", (1920, 1080))] {
        let out = std::env::temp_dir().join(format!("counterplay-class-{lang}-{w}x{h}"));
        let _ = std::fs::remove_dir_all(&out);
        let status = Command::new(env!("CARGO_BIN_EXE_counterplay"))
            .args(["shoot", "--classroom", "--lang", lang])
            .args(["--size", &format!("{w}x{h}"), "--out"])
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("the game starts");
        assert!(status.success(), "the game exited with {status}");
        for name in CLASS_SHOTS {
            let (width, height, rgba) = decode(&out.join(format!("{name}.png")));
            assert_eq!((width, height), (w, h), "{name}");
            let pixels = rgba.chunks(4);
            let black = pixels
                .clone()
                .filter(|p| p[..3].iter().all(|c| *c < 8))
                .count();
            let white = pixels.filter(|p| p[..3].iter().all(|c| *c > 230)).count();
            let all = (w * h) as usize;
            // The high-contrast theme: a black ground with white text on it.
            assert!(
                black > all / 4,
                "{name} at {w}x{h}: {black} black pixels of {all}"
            );
            assert!(
                white > all / 200,
                "{name} at {w}x{h}: {white} white pixels of {all}"
            );
        }
    }
}
