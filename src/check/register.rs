//! Registers (名册, SPEC §12): the civil-affairs systems' lists of who must be cared for,
//! against the ledgers of the run. A register row whose person is in no ledger is K05 —
//! nobody was assigned to them; a ledger person in a register category who is on none of
//! the run's registers of that category and township is K06. A register never creates a
//! recipient and never changes an assessment.

use rustc_hash::{FxHashMap, FxHashSet};

use super::Found;
use crate::model::checked::{RegisterChecked, RegisterTally, RosterChecked};
use crate::model::rows::{Field, IdCell, Record, RegisterFields};
use crate::model::said;
use crate::model::{Code, Outcome};
use crate::normalize::kinds::{Categories, Category, Word};
use crate::normalize::{idcard, vocab::Vocab};

/// The categories whose registers the civil-affairs systems keep (K06 looks at these).
pub(crate) const REGISTERED: [Category; 6] = [
    Category::Tekun,
    Category::Dibao,
    Category::DibaoEdge,
    Category::Orphan,
    Category::Unsupported,
    Category::Disabled,
];

/// A 保障状态 that ends the entitlement.
const ENDED: &[&str] = &["停保", "注销", "死亡", "终止", "停发", "停止", "已故", "迁出"];

/// A register row alone: its person named (P01), its category told (P02), its ID number
/// read (P03, a warning: the row still matches by name).
pub(crate) fn check_row(record: Record<RegisterFields>, vocab: &Vocab) -> RegisterChecked {
    let r = &record.data;
    // No longer entitled (停保, 注销, 死亡): not compared, counted as skipped.
    if ENDED.iter().any(|w| r.status.contains(w)) {
        let categories = vocab.categories(&r.categories_raw).categories;
        return RegisterChecked { record, categories, id: None, issues: Vec::new(), outcome: Outcome::Duplicate };
    }
    let name_field = if r.household { Field::HeadName } else { Field::Name };
    let mut found = Found::new(&record.ctx, record.row, &record.township, &record.village, &r.name);
    if r.name.is_empty() {
        found.raise(Code::P01, Some(name_field), "", said::p01_no_name());
    }
    let kinds = vocab.categories(&r.categories_raw);
    if r.categories_raw.is_empty() {
        found.raise(Code::P02, Some(Field::Categories), "", said::p02_register_category());
    } else if !kinds.unknown.is_empty() {
        let words = kinds.unknown.join("、");
        let said = said::p02_unknown_category(&words, vocab.why_not(&words));
        found.raise(Code::P02, Some(Field::Categories), &r.categories_raw, said);
    }
    let id = match &r.id {
        IdCell::Empty => None,
        // Exports for sharing mask the middle digits (500106********1234): no number to match by.
        IdCell::Text(t) if t.contains(['*', '＊', '×']) => None,
        cell => match idcard::parse(&cell.display()) {
            Ok(p) => Some(p.value),
            Err(e) => {
                let id_field = if r.household { Field::HeadId } else { Field::IdNumber };
                found.raise(Code::P03, Some(id_field), &cell.display(), said::p03_invalid_id(&e.describe(), ""));
                None
            }
        },
    };
    let issues = found.issues;
    let outcome = Outcome::from_issues(&issues);
    RegisterChecked { record, categories: kinds.categories, id, issues, outcome }
}

/// The people of one side, by ID number and by place and name: (township, village, name)
/// and, for a row that names no village, (township, name).
#[derive(Default)]
struct People<'a> {
    ids: FxHashSet<&'a str>,
    /// (township, village, name) → the valid ID numbers written for that name there (None: none).
    names: FxHashMap<(&'a str, &'a str, &'a str), Vec<Option<&'a str>>>,
    township_names: FxHashMap<(&'a str, &'a str), Vec<Option<&'a str>>>,
}

impl<'a> People<'a> {
    fn add(&mut self, id: Option<&'a str>, township: &'a str, village: &'a str, name: &'a str) {
        if let Some(id) = id {
            self.ids.insert(id);
        }
        self.names.entry((township, village, name)).or_default().push(id);
        self.township_names.entry((township, name)).or_default().push(id);
    }

    /// Whether a person is here: by ID number; else by place and name, unless every
    /// namesake there has another valid ID number (two people, not one).
    fn has(&self, id: Option<&str>, township: &str, village: &str, name: &str) -> bool {
        if id.is_some_and(|id| self.ids.contains(id)) {
            return true;
        }
        let namesakes = if village.is_empty() {
            self.township_names.get(&(township, name))
        } else {
            self.names.get(&(township, village, name))
        };
        let differs = |other: &Option<&str>| matches!((id, other), (Some(a), Some(b)) if a != *b);
        !name.is_empty() && namesakes.is_some_and(|list| list.iter().any(|o| !differs(o)))
    }
}

/// K05 on each register row whose person is in no ledger of the run (for a township that
/// sent a ledger), K06 on each ledger person of a registered category missing from that
/// category's registers of the township; and each township's tally.
pub(crate) fn cover(
    registers: &mut [RegisterChecked],
    ledger: &mut [RosterChecked],
    in_logs: &dyn Fn(&str, &str, &str) -> bool,
) -> Vec<RegisterTally> {
    let mut ledger_people = People::default();
    let mut ledger_townships: FxHashSet<String> = FxHashSet::default();
    for row in ledger.iter() {
        let r = &row.record;
        ledger_townships.insert(r.township.to_string());
        ledger_people.add(row.id.as_deref(), &r.township, &r.village, &r.data.name);
    }
    // Whatever else is wrong with a register row, a named person in no ledger is missed.
    for row in registers.iter_mut().filter(|r| !r.record.data.name.is_empty() && r.outcome != Outcome::Duplicate) {
        let r = &row.record;
        if !ledger_townships.contains(&*r.township)
            || ledger_people.has(row.id.as_deref(), &r.township, &r.village, &r.data.name)
        {
            continue;
        }
        let category = match row.categories.join("、") {
            c if c.is_empty() => "民政系统".to_string(),
            c => c,
        };
        let logs = in_logs(&r.township, &r.village, &r.data.name);
        let said = said::k05_not_in_ledger(&category, r.data.household, logs);
        let field = if r.data.household { Field::HeadName } else { Field::Name };
        row.issues.push(r.issue(Code::K05, Some(field), &r.data.name, &r.data.name_raw, said));
        row.outcome = Outcome::Rejected;
    }
    not_on_register(registers, ledger);
    tally(registers, &ledger_townships)
}

/// K06: a ledger person of a registered category, in a township whose registers of that
/// category the run has, on none of them.
fn not_on_register(registers: &[RegisterChecked], ledger: &mut [RosterChecked]) {
    let mut by_category: FxHashMap<(Category, &str), People<'_>> = FxHashMap::default();
    for row in registers.iter().filter(|r| r.outcome == Outcome::Accepted) {
        let r = &row.record;
        for c in row.categories.iter().filter(|c| REGISTERED.contains(c)) {
            by_category.entry((c, &*r.township)).or_default().add(
                row.id.as_deref(),
                &r.township,
                &r.village,
                &r.data.name,
            );
        }
    }
    if by_category.is_empty() {
        return;
    }
    for row in ledger.iter_mut().filter(|r| r.outcome == Outcome::Accepted) {
        let r = &row.record;
        for c in registered(row.categories) {
            let Some(people) = by_category.get(&(c, &*r.township)) else { continue };
            // A register row that names no village matches by township and name.
            let on = people.has(row.id.as_deref(), &r.township, &r.village, &r.data.name)
                || people.has(row.id.as_deref(), &r.township, "", &r.data.name);
            if !on {
                let said = said::k06_not_on_register(c.name(), &r.township);
                row.issues.push(r.issue(
                    Code::K06,
                    Some(Field::Categories),
                    &r.data.name,
                    &r.data.categories_raw,
                    said,
                ));
            }
        }
    }
}

fn registered(categories: Categories) -> impl Iterator<Item = Category> {
    categories.iter().filter(|c| REGISTERED.contains(c))
}

/// A person on a register: the ID number, else the village and name.
type Key = (String, String);

/// Per township: the distinct people of its registers and how many of them are K05.
fn tally(registers: &[RegisterChecked], ledger_townships: &FxHashSet<String>) -> Vec<RegisterTally> {
    let mut seen: FxHashMap<&str, (FxHashSet<Key>, FxHashSet<Key>)> = FxHashMap::default();
    for row in registers.iter().filter(|r| !r.record.data.name.is_empty() && r.outcome != Outcome::Duplicate) {
        let r = &row.record;
        let key = match &row.id {
            Some(id) => (id.clone(), String::new()),
            None => (format!("{}{}", r.village, r.data.name), "name".to_string()),
        };
        let (all, missing) = seen.entry(&r.township).or_default();
        if row.issues.iter().any(|i| i.code == Code::K05) {
            missing.insert(key.clone());
        }
        all.insert(key);
    }
    let mut out: Vec<RegisterTally> = seen
        .into_iter()
        .map(|(t, (all, missing))| RegisterTally {
            township: t.to_string(),
            people: all.len(),
            not_in_ledger: missing.len(),
            ledger: ledger_townships.contains(t),
        })
        .collect();
    out.sort_by(|a, b| a.township.cmp(&b.township));
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::rows::{RosterFields, SheetCtx};
    use crate::normalize::kinds::Situations;

    const A: &str = "500106194001011112";
    const B: &str = "500106194202022223";

    fn register(village: &str, name: &str, id: Option<&str>, category: Category) -> RegisterChecked {
        let data = RegisterFields { name: name.into(), name_raw: name.into(), ..RegisterFields::default() };
        let record = Record::new((Arc::new(SheetCtx::default()), 2, "井口街道".into(), village.into()), data);
        let categories = Categories::one(category);
        RegisterChecked {
            record,
            categories,
            id: id.map(str::to_string),
            issues: Vec::new(),
            outcome: Outcome::Accepted,
        }
    }

    fn ledger(village: &str, name: &str, id: Option<&str>, category: Category) -> RosterChecked {
        let data = RosterFields { name: name.into(), name_raw: name.into(), ..RosterFields::default() };
        let record = Record::new((Arc::new(SheetCtx::default()), 3, "井口街道".into(), village.into()), data);
        RosterChecked {
            record,
            categories: Categories::one(category),
            situations: Situations::default(),
            id: id.map(str::to_string),
            enrolled: None,
            left: None,
            issues: Vec::new(),
            outcome: Outcome::Accepted,
        }
    }

    fn codes<T>(rows: &[T], issues: impl Fn(&T) -> &Vec<crate::model::Issue>) -> Vec<Vec<Code>> {
        rows.iter().map(|r| issues(r).iter().map(|i| i.code).collect()).collect()
    }

    #[test]
    fn a_namesake_with_another_valid_id_number_is_another_person() {
        let mut regs = vec![
            register("井口村", "王五", Some(A), Category::Tekun),
            register("井口村", "李四", Some(B), Category::Tekun),
        ];
        let mut people =
            vec![ledger("井口村", "王五", Some(B), Category::Tekun), ledger("井口村", "李四", None, Category::Tekun)];
        let tally = cover(&mut regs, &mut people, &|_, _, _| false);
        // 王五 of the ledger has another number: K05. 李四 has none in the ledger: the same person.
        assert_eq!(codes(&regs, |r| &r.issues), vec![vec![Code::K05], vec![]]);
        assert_eq!((regs[0].outcome, regs[1].outcome), (Outcome::Rejected, Outcome::Accepted));
        assert_eq!((tally[0].people, tally[0].not_in_ledger, tally[0].ledger), (2, 1, true));
    }

    #[test]
    fn a_register_without_villages_matches_by_township_and_name() {
        let mut regs = vec![register("", "何玉梅", None, Category::Dibao)];
        let mut people = vec![
            ledger("美丽家园社区", "何玉梅", None, Category::Dibao),
            ledger("井口村", "罗国庆", None, Category::Dibao),
        ];
        cover(&mut regs, &mut people, &|_, _, _| false);
        assert!(regs[0].issues.is_empty(), "何玉梅 is in the ledger");
        assert_eq!(codes(&people, |r| &r.issues), vec![vec![], vec![Code::K06]]);
    }

    #[test]
    fn k05_says_what_is_known_of_the_row() {
        let mut regs = vec![register("井口村", "马桂英", None, Category::Tekun)];
        regs[0].categories = Categories::default();
        regs[0].outcome = Outcome::Rejected; // P02: its category untold, still a person missed
        let mut people = vec![ledger("井口村", "王五", None, Category::Elderly)];
        cover(&mut regs, &mut people, &|_, v, n| v == "井口村" && n == "马桂英");
        let message = &regs[0].issues[0].message;
        assert!(message.starts_with("民政系统名册中有此人"), "{message}");
        assert!(message.contains("关爱记录中有此人的记录"), "{message}");
        assert!(people[0].issues.is_empty(), "独居老人 has no register: no K06");
    }

    #[test]
    fn without_a_ledger_of_the_township_nothing_is_compared() {
        let mut regs = vec![register("井口村", "马桂英", Some(A), Category::Tekun)];
        let tally = cover(&mut regs, &mut [], &|_, _, _| false);
        assert!(regs[0].issues.is_empty());
        assert_eq!((tally[0].people, tally[0].not_in_ledger, tally[0].ledger), (1, 0, false));
    }
}
