//! The repository's scripts, where a mistake would cost a user files.

/// `scripts/release.sh OUT` empties OUT first: a folder it did not make, and that holds
/// something, is refused before anything is built or removed.
#[cfg(unix)]
#[test]
fn the_release_script_refuses_a_folder_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("holiday.jpg");
    std::fs::write(&kept, "precious").unwrap();
    let out = std::process::Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/release.sh"))
        .arg(dir.path())
        .env("NT3_RELEASE_TARGETS", "linux-x64")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("is not empty and was not made by this script"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "precious");
}
