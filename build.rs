//! Version information for guanai.exe, so the clerk's Windows 属性 dialog says what the
//! file is (产品名称, 文件说明, 版本). Only when building for Windows.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let version = env!("CARGO_PKG_VERSION");
    let mut res = winresource::WindowsResource::new();
    res.set("ProductName", "关爱（guanai）")
        .set("FileDescription", "关爱帮扶材料汇总核查工具")
        .set("CompanyName", "区民政局")
        .set("LegalCopyright", "MIT")
        .set("OriginalFilename", "guanai.exe")
        .set("InternalName", "guanai")
        .set("ProductVersion", version)
        .set("FileVersion", version)
        // 0x0804: Chinese (Simplified, PRC).
        .set_language(0x0804);
    if let Err(e) = res.compile() {
        // A machine without windres still builds the exe, only without version information.
        println!("cargo:warning=未能写入 exe 版本信息（需要 x86_64-w64-mingw32-windres）：{e}");
    }
}
