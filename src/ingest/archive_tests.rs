use super::*;

#[test]
fn names_in_the_windows_code_page_read_as_chinese() {
    let (gbk, _, _) = encoding_rs::GBK.encode("井口街道/南溪村/社工名单.xlsx");
    assert_eq!(member_name(&gbk), "井口街道/南溪村/社工名单.xlsx");
    assert_eq!(member_name("南溪村\\名单.xlsx".as_bytes()), "南溪村/名单.xlsx");
    assert_eq!(member_name(b"/./a/../b.xlsx"), "a/b.xlsx");
    assert_eq!(member_name(b"dir/"), "dir/");
}
