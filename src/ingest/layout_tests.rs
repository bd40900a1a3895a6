//! Tests of `ingest/layout.rs`.

use super::*;
use crate::model::Cell;

fn headers() -> Headers {
    crate::config::Config::load(None).unwrap().compile().headers
}

fn sheet_of(rows: Vec<RawRow>) -> RawSheet {
    RawSheet { name: "s".into(), rows, over_limit: false, is_1904: false, hidden: false, not_cells: None }
}

/// (field, column letter index, header shown) of a detected layout.
fn mapped(layout: &Layout) -> Vec<(Field, u32)> {
    layout.columns.iter().map(|(f, c)| (*f, c.index)).collect()
}

#[test]
fn header_cells_name_fields_by_the_most_specific_alias_they_contain() {
    let h = headers();
    let cases = [
        ("关爱对象类别", Some(Field::Category)),
        ("身份证号码(18位)", Some(Field::IdNumber)),
        ("关爱对象姓名", Some(Field::Recipient)),
        ("关爱对象类型", Some(Field::Category)),
        ("关爱对象身份证号", Some(Field::IdNumber)),
        ("人员类别", Some(Field::Role)),
        ("联系人姓名", Some(Field::ContactPerson)),
        ("联系人电话", Some(Field::ContactPhone)),
        ("村(社区)电话", Some(Field::VillagePhone)),
        ("出生日期", Some(Field::BirthDate)),
        ("纳入关爱时间", Some(Field::EnrolledOn)),
        ("现居住地址(详细到门牌号)", Some(Field::Address)),
        ("联系方式", Some(Field::Phone)),
        ("工作单位及职务", Some(Field::Employer)),
        ("村", Some(Field::Village)),
        ("所在村名", None),
        ("签名", None),
        ("张三", None),
    ];
    for (key, want) in cases {
        assert_eq!(h.field_of(&header_key(key)).map(|(f, _)| f), want, "{key}");
    }
    assert_eq!(
        h.meaning(&header_key("关爱联系人及电话")),
        Some(Meaning::Two(Field::ContactPerson, Field::ContactPhone))
    );
    assert_eq!(
        h.meaning(&header_key("联系人/联系电话")),
        Some(Meaning::Two(Field::ContactPerson, Field::ContactPhone))
    );
    assert_eq!(h.meaning(&header_key("工作单位及职务")).map(|m| m.fields().count()), Some(1));
}

#[test]
fn a_log_reads_name_and_type_as_the_recipients_and_prefers_the_date_column_to_the_time() {
    let s = sheet_of(vec![row(1, &["序号", "日期", "时间", "方式", "姓名", "类别", "走访人"])]);
    let layout = detect(&s, &headers()).unwrap();
    assert_eq!(layout.kind, SheetKind::Visits);
    use Field::*;
    assert_eq!(mapped(&layout), vec![(Seq, 0), (Date, 1), (Method, 3), (Category, 5), (Recipient, 4), (Worker, 6)]);
    // 时间 alone is the date.
    let s = sheet_of(vec![row(1, &["时间", "关爱方式", "关爱对象类型", "关爱对象姓名"])]);
    assert_eq!(detect(&s, &headers()).unwrap().column(Date).map(|c| c.index), Some(0));
}

#[test]
fn two_row_headers_give_each_sub_header_its_groups_meaning() {
    use Field::*;
    // Merged cells filled across (xlsx, xls) and not (CSV): the same reading.
    let filled = vec![
        row(2, &["序号", "村(社区)", "关爱对象", "关爱对象", "关爱对象", "关爱联系人", "关爱联系人"]),
        row(3, &["序号", "村(社区)", "姓名", "类别", "身份证号", "姓名", "电话"]),
        row(4, &["1", "南溪村", "王五", "特困人员", "", "李四", "13800000000"]),
    ];
    let bare = vec![
        row(2, &["序号", "村(社区)", "关爱对象", "", "", "关爱联系人", ""]),
        row(3, &["", "", "姓名", "类别", "身份证号", "姓名", "电话"]),
        row(4, &["1", "南溪村", "王五", "特困人员", "", "李四", "13800000000"]),
    ];
    for rows in [filled, bare] {
        let layout = detect(&sheet_of(rows), &headers()).unwrap();
        assert_eq!(layout.kind, SheetKind::Roster);
        assert_eq!(layout.header_index, 1, "data starts under the sub-headers");
        assert_eq!(
            mapped(&layout),
            vec![
                (Seq, 0),
                (Village, 1),
                (Name, 2),
                (IdNumber, 4),
                (Categories, 3),
                (ContactPerson, 5),
                (ContactPhone, 6)
            ]
        );
        assert_eq!(layout.column(ContactPerson).unwrap().header, "关爱联系人/姓名");
    }
    // A group whose own words hold an alias does not override its sub-headers.
    let rows = vec![
        row(2, &["序号", "关爱对象基本信息", "关爱对象基本信息", "关爱对象基本信息", "联系人信息", "联系人信息"]),
        row(3, &["序号", "姓名", "身份证号码", "类别", "姓名", "手机号码"]),
    ];
    let layout = detect(&sheet_of(rows), &headers()).unwrap();
    assert_eq!(layout.kind, SheetKind::Roster);
    assert_eq!(
        mapped(&layout),
        vec![(Seq, 0), (Name, 1), (IdNumber, 2), (Categories, 3), (ContactPerson, 4), (ContactPhone, 5)]
    );
    // A log: 关爱对象 over 类型 | 姓名.
    let rows = vec![
        row(3, &["序号", "时间", "关爱方式", "关爱对象", "", "实施关爱工作人员"]),
        row(4, &["", "", "", "类型", "姓名", ""]),
    ];
    let layout = detect(&sheet_of(rows), &headers()).unwrap();
    assert_eq!(layout.kind, SheetKind::Visits);
    assert_eq!(layout.column(Category).map(|c| c.index), Some(3));
    assert_eq!(layout.column(Recipient).map(|c| c.index), Some(4));
    // The first data row under a one-row header is never taken for sub-headers.
    let rows =
        vec![row(1, &["姓名", "对象类别", "关爱联系人", "联系人电话"]), row(2, &["王五", "低保对象", "李四", "电话"])];
    let layout = detect(&sheet_of(rows), &headers()).unwrap();
    assert_eq!(layout.header_index, 0);
}

#[test]
fn required_marks_and_instructions_are_not_the_headers_words() {
    use Field::*;
    type Case<'a> = (Vec<&'a str>, SheetKind, Vec<(Field, u32)>);
    let cases: Vec<Case> = vec![
        (
            vec!["*姓名（与身份证一致）", "*身份证号码（18位）", "居住地址*", "联系电话（手机）"],
            SheetKind::Volunteers,
            vec![(Name, 0), (IdNumber, 1), (Phone, 3), (Address, 2)],
        ),
        (
            vec![
                "※时间（格式：2023-01-04）",
                "※关爱方式(入户走访/电话联系)",
                "关爱对象类型（1特困人员、2低保对象）",
                "关爱对象姓名【必填】",
            ],
            SheetKind::Visits,
            vec![(Date, 0), (Method, 1), (Category, 2), (Recipient, 3)],
        ),
        (
            vec!["村（社区）", "对象姓名(请与户籍一致)", "对象类别[可多选，用顿号分隔]", "关爱联系人（姓名）"],
            SheetKind::Roster,
            vec![(Village, 0), (Name, 1), (Categories, 2), (ContactPerson, 3)],
        ),
    ];
    for (header, kind, want) in cases {
        let layout = detect(&sheet_of(vec![row(1, &header)]), &headers()).unwrap();
        assert_eq!(layout.kind, kind, "{header:?}");
        assert_eq!(mapped(&layout), want, "{header:?}");
    }
}

#[test]
fn a_column_naming_a_person_and_a_phone_fills_both() {
    let s = sheet_of(vec![row(1, &["姓名", "对象类别", "关爱联系人及电话"])]);
    let layout = detect(&s, &headers()).unwrap();
    assert_eq!(layout.shared, vec![(Field::ContactPerson, Field::ContactPhone)]);
    assert_eq!(layout.column(Field::ContactPhone).map(|c| c.index), Some(2));
}

#[test]
fn more_wordings_of_the_same_columns() {
    use Field::*;
    type Case<'a> = (Vec<&'a str>, SheetKind, Vec<(Field, u32)>);
    let cases: Vec<Case> = vec![
        (
            vec!["服务日期", "关爱形式", "帮扶对象", "人员类别", "服务人"],
            SheetKind::Visits,
            vec![(Date, 0), (Method, 1), (Category, 3), (Recipient, 2), (Worker, 4)],
        ),
        (
            vec!["村/社区", "姓名", "人员类别", "特殊情况", "结对帮扶人", "联系人手机"],
            SheetKind::Roster,
            vec![
                (Village, 0),
                (Name, 1),
                (Categories, 2),
                (ElderlySituation, 3),
                (ContactPerson, 4),
                (ContactPhone, 5),
            ],
        ),
        (
            vec!["村(社区)名称", "姓名", "困难类型", "关爱人"],
            SheetKind::Roster,
            vec![(Village, 0), (Name, 1), (Categories, 2), (ContactPerson, 3)],
        ),
        (
            vec!["社工姓名", "身份证号", "现住址", "手机号", "工作单位或职务", "人员类别"],
            SheetKind::Volunteers,
            vec![(Name, 0), (IdNumber, 1), (Phone, 3), (Address, 2), (Employer, 4), (Role, 5)],
        ),
    ];
    for (header, kind, want) in cases {
        let layout = detect(&sheet_of(vec![row(1, &header)]), &headers()).unwrap();
        assert_eq!(layout.kind, kind, "{header:?}");
        assert_eq!(mapped(&layout), want, "{header:?}");
    }
}

#[test]
fn a_volunteer_list_with_a_contact_column_is_not_a_log() {
    let s = sheet_of(vec![row(1, &["姓名", "身份证号码", "联系方式", "现居住地址", "人员类别"])]);
    assert_eq!(detect(&s, &headers()).map(|l| l.kind), Some(SheetKind::Volunteers));
    let s = sheet_of(vec![row(1, &["日期", "联系方式", "关爱对象姓名", "对象类别"])]);
    let layout = detect(&s, &headers()).unwrap();
    assert_eq!(layout.kind, SheetKind::Visits);
    assert_eq!(layout.column(Field::Method).map(|c| c.index), Some(1));
}

fn row(number: u32, cells: &[&str]) -> RawRow {
    RawRow { number, cells: cells.iter().map(|s| Cell::Text(s.to_string())).collect() }
}

#[test]
fn meta_line_variants() {
    let cases = [
        (
            "镇（街道）：井口街道　（村）社区：美丽家园社区　日期：2023年1月",
            Some("井口街道"),
            Some("美丽家园社区"),
            Some((2023, 1)),
        ),
        (
            "镇(街道):井口街道(村)社区:美丽家园社区日期:2023年1月",
            Some("井口街道"),
            Some("美丽家园社区"),
            Some((2023, 1)),
        ),
        ("镇（街道）： （村）社区： 日期： 年 月", None, None, None),
        ("镇（街道）：  歌乐山街道   村（社区）：  天池村", Some("歌乐山街道"), Some("天池村"), None),
        ("沙坪坝区村（社区）参与民政对象关爱帮扶服务社会工作者名单", None, None, None),
        ("镇：凤凰镇 村：龙泉村", Some("凤凰镇"), Some("龙泉村"), None),
        ("街道：井口街道　社区：美丽家园社区", Some("井口街道"), Some("美丽家园社区"), None),
    ];
    for (line, t, v, ym) in cases {
        let meta = parse_meta(&[row(2, &[line])]);
        assert_eq!(meta.township.as_deref(), t, "{line}");
        assert_eq!(meta.village.as_deref(), v, "{line}");
        assert_eq!(meta.year_month, ym, "{line}");
    }
}

#[test]
fn kinds_from_headers() {
    let sheet = |title: &str, header: &[&str]| RawSheet {
        name: "s".into(),
        rows: vec![row(1, &[title]), row(3, header)],
        over_limit: false,
        is_1904: false,
        hidden: false,
        not_cells: None,
    };
    let cases: Vec<(RawSheet, Option<SheetKind>)> = vec![
        (sheet("社工名单", &["序号", "村（社区）", "姓  名", "身份证\n号码", "居住地址"]), Some(SheetKind::Volunteers)),
        (
            sheet("", &["序号", "时间", "关爱方式", "关爱服务内容", "关爱对象类型", "关爱对象姓名"]),
            Some(SheetKind::Visits),
        ),
        (sheet("", &["村（社区）", "对象姓名", "对象类别", "关爱联系人"]), Some(SheetKind::Roster)),
        (sheet("", &["村（社区）", "对象姓名", "身份证号码", "对象类别", "居住地址"]), Some(SheetKind::Roster)),
        (sheet("", &["镇（街道）", "村（社区）"]), Some(SheetKind::Divisions)),
        (sheet("两委成员名单", &["姓名", "身份证号码", "村（社区）"]), Some(SheetKind::Exclusions)),
        (sheet("", &["姓名", "排除类别"]), Some(SheetKind::Exclusions)),
        (
            sheet("社会工作者名单（名单不含：两委成员、村本土人才、五职干部）", &["姓名", "身份证号码", "电话"]),
            Some(SheetKind::Volunteers),
        ),
        (sheet("", &["姓名", "年龄"]), None),
    ];
    for (s, want) in cases {
        assert_eq!(detect(&s, &headers()).map(|l| l.kind), want, "{:?}", s.rows[1]);
    }
}

#[test]
fn roster_reads_category_as_categories() {
    let s = RawSheet {
        name: "s".into(),
        rows: vec![row(1, &["姓名", "对象类型", "联系人"])],
        over_limit: false,
        is_1904: false,
        hidden: false,
        not_cells: None,
    };
    let layout = detect(&s, &headers()).unwrap();
    assert_eq!(layout.column(Field::Categories).map(|c| c.index), Some(1));
}

#[test]
fn registers_are_told_from_ledgers_and_volunteer_lists() {
    let sheet = |name: &str, title: &str, header: &[&str]| RawSheet {
        name: name.into(),
        rows: vec![row(1, &[title]), row(2, header)],
        over_limit: false,
        is_1904: false,
        hidden: false,
        not_cells: None,
    };
    let household = ["户主姓名", "户主身份证号", "家庭人口", "保障人口", "所属街道", "所属社区", "低保证号"];
    let tekun = ["序号", "所属街道", "所属社区", "姓名", "身份证号", "供养方式", "特困证号"];
    let edge = ["序号", "街道", "社区", "姓名", "身份证号码", "家庭住址", "联系电话"];
    let disabled = ["所属街道", "所属社区", "姓名", "身份证号码", "残疾类别", "残疾等级"];
    let cases: Vec<(RawSheet, SheetKind)> = vec![
        (sheet("Sheet1", "", &household), SheetKind::Register),
        (sheet("Sheet1", "", &tekun), SheetKind::Register),
        (sheet("名单", "沙坪坝区低保边缘家庭花名册", &edge), SheetKind::Register),
        (sheet("低保边缘", "", &edge), SheetKind::Register),
        (sheet("Sheet1", "", &edge), SheetKind::Volunteers),
        (sheet("社工名单", "社会工作者名单", &edge), SheetKind::Volunteers),
        (sheet("Sheet1", "", &disabled), SheetKind::Register),
        // A ledger: a 关爱联系人 column, or a title calling it a 台账.
        (sheet("Sheet1", "", &["姓名", "身份证号", "对象类别", "低保证号", "关爱联系人"]), SheetKind::Roster),
        (sheet("低保", "关爱帮扶对象信息台账", &["姓名", "身份证号", "对象类别", "低保证号"]), SheetKind::Roster),
        (sheet("Sheet1", "", &["姓名", "身份证号", "对象类别", "居住地址"]), SheetKind::Roster),
    ];
    for (s, want) in cases {
        assert_eq!(detect(&s, &headers()).map(|l| l.kind), Some(want), "{} {:?}", s.name, s.rows[1]);
    }
    // 供养方式 is no care method; 监护人姓名 is not the child's name.
    let layout = detect(&sheet("Sheet1", "", &tekun), &headers()).unwrap();
    assert_eq!(layout.column(Field::Method), None);
    let children = ["镇（街道）", "村（社区）", "儿童姓名", "身份证号", "保障类别", "监护人姓名"];
    let layout = detect(&sheet("儿童", "基本生活保障儿童名册", &children), &headers()).unwrap();
    assert_eq!((layout.kind, layout.column(Field::Name).map(|c| c.index)), (SheetKind::Register, Some(2)));
    assert_eq!(layout.column(Field::Categories).map(|c| c.index), Some(4));
}
