//! Tests of `pipeline/places.rs`.

use super::*;

fn known(townships: &[&str], villages: &[(&str, &str)]) -> Known {
    let mut config = Config::load(None).unwrap();
    config.townships = townships.iter().map(|t| (t.to_string(), Vec::new())).collect();
    for (t, v) in villages {
        config.townships.entry(t.to_string()).or_default().push(v.to_string());
    }
    Known::new(&config, &[])
}

#[test]
fn written_names_are_matched_against_the_known_ones() {
    let k = known(&["井口街道", "青木关镇", "凤凰镇"], &[("井口街道", "南溪村"), ("井口街道", "美丽家园社区")]);
    let townships = [
        ("井口街道", "井口街道"),
        ("井口", "井口街道"),
        ("沙坪坝区井口街道", "井口街道"),
        ("重庆市沙坪坝区井口街道", "井口街道"),
        ("井口街道办事处", "井口街道"),
        ("青木关街道", "青木关镇"),
        ("凤凰镇人民政府", "凤凰镇"),
        ("回龙坝镇", "回龙坝镇"),
    ];
    for (w, want) in townships {
        assert_eq!(k.township(w), want, "{w}");
    }
    let villages = [
        ("南溪村", "南溪村"),
        ("南溪村委会", "南溪村"),
        ("南溪村民委员会", "南溪村"),
        ("南溪", "南溪村"),
        ("美丽家园社区居委会", "美丽家园社区"),
        ("美丽家园社区居民委员会", "美丽家园社区"),
        ("井口街道南溪村", "南溪村"),
        ("龙泉村", "龙泉村"),
    ];
    for (w, want) in villages {
        assert_eq!(k.village(w, "井口街道"), want, "{w}");
    }
    assert_eq!(k.township_of("南溪村").as_deref(), Some("井口街道"));
    assert_eq!(k.township_of("龙泉村"), None);
}

#[test]
fn names_written_elsewhere_in_the_run_are_known_too() {
    let mut k = known(&["井口街道"], &[]);
    k.saw([("井口", "南溪村委会"), ("", "龙泉村")].into_iter());
    assert_eq!(k.village("南溪", "井口街道"), "南溪村");
    assert_eq!(k.township_of("南溪村").as_deref(), Some("井口街道"));
    let hints =
        PlaceHints { sheet: "Sheet1".into(), file: "2023年1月南溪村关爱记录".into(), ..PlaceHints::default() };
    assert_eq!(k.read_hints(&hints, ""), (None, Some("南溪村".into())));
}

#[test]
fn edges_of_the_name_rules() {
    let k = known(
        &["井口街道", "井口镇", "凤凰镇"],
        &[("井口街道", "南溪村"), ("凤凰镇", "南溪社区"), ("凤凰镇", "老凤凰镇村")],
    );
    // A name that is all prefix stays itself; the district alone is not emptied.
    assert_eq!(k.township("沙坪坝区"), "沙坪坝区");
    assert_eq!(k.village("井口街道", ""), "井口街道");
    // A township named inside a village's name (not before it) is part of the name.
    assert_eq!(k.village("老凤凰镇村", "凤凰镇"), "老凤凰镇村");
    // Stems are matched within the township, and never when two names share one.
    assert_eq!(k.village("南溪", "井口街道"), "南溪村");
    assert_eq!(k.village("南溪", "凤凰镇"), "南溪社区");
    assert_eq!(k.village("南溪", ""), "南溪");
    assert_eq!(k.township("井口"), "井口");
    assert_eq!(k.township_of("南溪社区").as_deref(), Some("凤凰镇"));
    let hints = PlaceHints { sheet: "南溪社区".into(), file: "名单".into(), ..PlaceHints::default() };
    assert_eq!(k.read_hints(&hints, "井口街道").1.as_deref(), Some("南溪社区"), "a name taken as written");
    assert_eq!(k.village_in("2023年南溪社区名单", "井口街道"), None, "not a village of that township");
    assert_eq!(k.village_in("2023年南溪社区名单", "凤凰镇").as_deref(), Some("南溪社区"));
    for (name, village) in [
        ("南溪村", true),
        ("美丽家园社区", true),
        ("新村", false),
        ("第1村", false),
        ("南溪(村)", false),
        ("美丽乡村", false),
        ("好美丽乡村", false),
        ("前进新农村建设示范村", true),
        ("名字有十三个字那么长的一个村", false),
        ("南溪", false),
    ] {
        assert_eq!(is_village_name(name), village, "{name}");
    }
}

/// A row no name places is F06, naming its person, and taken out of its kind's rows.
#[test]
fn rows_without_a_place_are_f06_with_their_person() {
    use crate::model::rows::{SheetCtx, Sym};
    use std::sync::Arc;
    let config = Config::load(None).unwrap();
    let hints = PlaceHints { sheet: "Sheet1".into(), file: "x".into(), ..PlaceHints::default() };
    let ctx = Arc::new(SheetCtx { sheet: "Sheet1".into(), file: "x.xlsx".into(), hints, ..SheetCtx::default() });
    let at = |row: u32| (Arc::clone(&ctx), row, Sym::from(""), Sym::from(""));
    let placed = |row: u32| (Arc::clone(&ctx), row, Sym::from("井口街道"), Sym::from("南溪村委会"));
    let mut g = Gathered::default();
    g.volunteers.push(vec![Record::new(at(2), VolunteerFields { name: "甲".into(), ..Default::default() })]);
    g.roster.push(vec![Record::new(at(3), RosterFields { name: "乙".into(), ..Default::default() })]);
    let visit = |r: Record<VisitFields>| crate::model::checked::VisitChecked::unchecked(r);
    g.visits.push(vec![visit(Record::new(at(4), VisitFields { recipient: "丙".into(), ..Default::default() }))]);
    g.visits.push(vec![visit(Record::new(placed(5), VisitFields { recipient: "丁".into(), ..Default::default() }))]);
    resolve(&mut g, &config);
    let named: Vec<(&str, Option<u32>)> = g.issues.iter().map(|i| (i.name.as_str(), i.location.row)).collect();
    assert_eq!(named, [("甲", Some(2)), ("乙", Some(3)), ("丙", Some(4))]);
    assert!(g.issues.iter().all(|i| i.code == Code::F06 && i.message.contains("工作表名“Sheet1”")));
    assert!(g.volunteers.is_empty() && g.roster.is_empty());
    assert_eq!(g.visits.len(), 1);
    let kept = &g.visits[0].record;
    assert_eq!((&*kept.township, &*kept.village, kept.row), ("井口街道", "南溪村", 5));
    assert!(g.visits.get(1).is_none());
}

#[test]
fn sheet_file_and_folder_names() {
    let k = known(&["井口街道", "凤凰镇"], &[]);
    let h = |sheet: &str, file: &str, folders: &[&str]| PlaceHints {
        unit: None,
        sheet: sheet.into(),
        file: file.into(),
        folders: folders.iter().map(|f| f.to_string()).collect(),
    };
    let cases = [
        (h("南溪村", "关爱记录", &["井口街道", "收件箱"]), (Some("井口街道"), Some("南溪村"))),
        (h("Sheet1", "南溪村委会", &["井口"]), (Some("井口街道"), Some("南溪村"))),
        (h("Sheet1", "社工名单", &["收件箱", "井口街道"]), (Some("井口街道"), None)),
        (h("Sheet1", "社工名单", &["美丽乡村"]), (None, None)),
        (h("1月", "名单2023", &["data"]), (None, None)),
        // A village-like name is taken only from near the file, not from far up its path.
        (h("Sheet1", "名单", &["收件箱", "南溪村"]), (None, None)),
    ];
    for (hints, (t, v)) in cases {
        let got = k.read_hints(&hints, "");
        assert_eq!((got.0.as_deref(), got.1.as_deref()), (t, v), "{hints:?}");
    }
    let unit = PlaceHints { unit: Some("沙坪坝区井口街道南溪村".into()), ..h("Sheet1", "x", &[]) };
    assert_eq!(k.read_hints(&unit, ""), (Some("井口街道".into()), Some("南溪村".into())));
}

#[test]
fn a_place_written_whole_in_one_cell_names_its_township_and_village() {
    let k = known(&["井口街道", "凤凰镇"], &[("井口街道", "南溪村")]);
    let whole = [
        ("重庆市,沙坪坝区,井口街道,南溪村", Some("井口街道"), "南溪村"),
        ("重庆市/沙坪坝区/井口街道/南溪村委会", Some("井口街道"), "南溪村"),
        ("沙坪坝区 > 井口街道 > 南溪村", Some("井口街道"), "南溪村"),
        ("沙坪坝区井口街道南溪村", Some("井口街道"), "南溪村"),
        ("沙坪坝区，凤凰镇，龙泉村", Some("凤凰镇"), "龙泉村"),
        ("沙坪坝区/新发镇/新发村", Some("新发镇"), "新发村"),
        ("南溪村", None, "南溪村"),
        ("凤凰村", None, "凤凰村"),
    ];
    for (w, township, village) in whole {
        assert_eq!(k.township_in_place(w).as_deref(), township, "{w}");
        assert_eq!(k.village(w, township.unwrap_or_default()), village, "{w}");
    }
}
