//! SPEC §2.1 across the run: which township and village each row belongs to, once the
//! run's known names are gathered. Ingestion keeps what a sheet itself says (the row's
//! cells, else the metadata line); here those written names are matched against the
//! known ones (南溪村委会 is 南溪村, 井口 is 井口街道, 沙坪坝区井口街道 is 井口街道), and a row
//! that still lacks a place is looked up in its 填报单位, sheet, file and folder names.
//! A row whose village stays unknown is F06, rejected.

use rustc_hash::FxHashMap;

use super::gather::Gathered;
use crate::config::Config;
use crate::model::checked::VisitChecked;
use crate::model::rows::{
    Field, Interner, PlaceHints, Record, RegisterFields, RosterFields, Sym, VisitFields, VolunteerFields,
};
use crate::model::said;
use crate::model::sheets::Sheets;
use crate::model::{Code, Issue, Place};
use crate::normalize::text;

/// What joins the parts of a place written whole in one cell (重庆市,沙坪坝区,井口街道,南溪村).
const PLACE_SEPARATORS: &[char] = &[',', '，', '/', '／', '\\', '|', '>', '＞', '、', ';', '；'];

/// Suffixes of a township's name and of a village's.
const TOWNSHIP_SUFFIXES: &[&str] = &["街道", "镇", "乡"];
const VILLAGE_SUFFIXES: &[&str] = &["社区", "村"];
/// Words that end in 村 but name no village.
const NOT_VILLAGES: &[&str] = &["农村", "乡村", "美丽乡村", "新农村", "城乡村"];

/// The names a run knows: the authoritative lists (config, 区划名单) and the names written
/// in place columns and metadata lines of any input, all in their folded form.
#[derive(Debug, Default)]
pub(crate) struct Known {
    district: String,
    townships: Vec<String>,
    villages: Vec<Place>,
    seen_townships: Vec<String>,
    seen_villages: Vec<Place>,
}

impl Known {
    /// The authoritative names only.
    pub(crate) fn new(config: &Config, divisions: &[Place]) -> Known {
        let mut known = Known { district: config.district.clone(), ..Known::default() };
        let listed = config.townships.iter().flat_map(|(t, vs)| vs.iter().map(move |v| (t, v)));
        for (t, v) in listed.chain(divisions.iter().map(|p| (&p.township, &p.village))) {
            let place = Place::new(known.fold_township(t), known.fold_village(v));
            if !place.village.is_empty() {
                known.villages.push(place);
            }
        }
        known.townships = config
            .townships
            .keys()
            .chain(divisions.iter().map(|p| &p.township))
            .map(|t| known.fold_township(t))
            .filter(|t| !t.is_empty())
            .collect();
        known.townships.sort();
        known.townships.dedup();
        known.villages.sort();
        known.villages.dedup();
        known
    }

    /// Adds the names written in the run, each first matched against the authoritative
    /// lists: only a name that matches none of them is taken as written.
    pub(crate) fn saw<'a>(&mut self, written: impl Iterator<Item = (&'a str, &'a str)>) {
        let mut townships = Vec::new();
        let mut villages = Vec::new();
        for (t, v) in written {
            let township = if t.is_empty() { String::new() } else { self.township(t) };
            if TOWNSHIP_SUFFIXES.iter().any(|s| township.ends_with(s)) {
                townships.push(township.clone());
            }
            if !v.is_empty() {
                let village = self.village(v, &township);
                if VILLAGE_SUFFIXES.iter().any(|s| village.ends_with(s)) {
                    villages.push(Place::new(township, village));
                }
            }
        }
        townships.sort();
        townships.dedup();
        villages.sort();
        villages.dedup();
        self.seen_townships = townships;
        self.seen_villages = villages;
    }

    /// Spaces, the city and the district dropped: 重庆市沙坪坝区井口街道 is 井口街道.
    fn clean(&self, s: &str) -> String {
        let mut c = text::name(s);
        for prefix in ["重庆市", "重庆", self.district.as_str()] {
            if !prefix.is_empty() && c.len() > prefix.len() {
                if let Some(rest) = c.strip_prefix(prefix) {
                    c = rest.to_string();
                }
            }
        }
        c
    }

    /// 井口街道办事处 and 井口街道办 are 井口街道, 凤凰镇人民政府 is 凤凰镇.
    fn fold_township(&self, s: &str) -> String {
        let c = self.clean(s);
        for suffix in ["办事处", "人民政府", "政府", "办"] {
            if let Some(base) = c.strip_suffix(suffix) {
                if TOWNSHIP_SUFFIXES.iter().any(|s| base.ends_with(s)) {
                    return base.to_string();
                }
            }
        }
        c
    }

    /// Committee suffixes folded: 南溪村委会 and 南溪村民委员会 are 南溪村, 美丽家园社区居委会 is
    /// 美丽家园社区.
    fn fold_village(&self, s: &str) -> String {
        let c = self.clean(s);
        let folds: [(&[&str], &str); 2] = [
            (&["村民委员会", "村委会", "村委"], "村"),
            (&["社区居民委员会", "居民委员会", "社区居委会", "居委会", "居委"], "社区"),
        ];
        for (suffixes, base_suffix) in folds {
            for suffix in suffixes {
                if let Some(base) = c.strip_suffix(suffix).filter(|b| !b.is_empty()) {
                    let base = base.strip_suffix(base_suffix).unwrap_or(base);
                    return format!("{base}{base_suffix}");
                }
            }
        }
        c
    }

    /// A written township as the run knows it: an authoritative name, else the one
    /// authoritative township with the same stem (井口, 青木关街道 for 青木关镇), else the
    /// same among the names written elsewhere in the run, else as written.
    pub(crate) fn township(&self, written: &str) -> String {
        let c = self.fold_township(written);
        if c.is_empty() {
            return c;
        }
        for list in [&self.townships, &self.seen_townships] {
            if list.contains(&c) {
                return c;
            }
            if let Some(one) = unique(list.iter().filter(|t| stem(t, TOWNSHIP_SUFFIXES) == stem(&c, TOWNSHIP_SUFFIXES)))
            {
                return one.clone();
            }
        }
        c
    }

    /// A written village as the run knows it, within `township` when that is known; a
    /// township written before it (井口街道南溪村) is dropped.
    pub(crate) fn village(&self, written: &str, township: &str) -> String {
        // A place written whole (重庆市/沙坪坝区/井口街道/南溪村): the village is its last part.
        let last = written.rsplit(PLACE_SEPARATORS).map(str::trim).find(|p| !p.is_empty()).unwrap_or(written);
        let mut c = self.fold_village(last);
        if let Some(t) = self.township_in(&c).filter(|t| c.starts_with(t.as_str()) && c.len() > t.len()) {
            c = c[t.len()..].to_string();
        }
        if c.is_empty() {
            return c;
        }
        for list in [&self.villages, &self.seen_villages] {
            let here =
                || list.iter().filter(|p| township.is_empty() || p.township.is_empty() || p.township == township);
            if here().any(|p| p.village == c) {
                return c;
            }
            let same_stem = here().filter(|p| stem(&p.village, VILLAGE_SUFFIXES) == stem(&c, VILLAGE_SUFFIXES));
            if let Some(one) = unique_by(same_stem, |p| &p.village) {
                return one.village.clone();
            }
        }
        c
    }

    /// The township a place written whole in the village cell names: 井口街道 in
    /// "重庆市,沙坪坝区,井口街道,南溪村" or "沙坪坝区井口街道南溪村委会" — a known township inside
    /// it, else a part before the last ending in 街道, 镇 or 乡.
    pub(crate) fn township_in_place(&self, written: &str) -> Option<String> {
        let parts: Vec<&str> = written.split(PLACE_SEPARATORS).map(str::trim).filter(|p| !p.is_empty()).collect();
        let (_, before) = parts.split_last()?;
        let whole = self.clean(written);
        let known = self.township_in(&whole).filter(|t| whole.len() > t.len());
        known.or_else(|| {
            before
                .iter()
                .rev()
                .map(|p| self.fold_township(p))
                .find(|p| TOWNSHIP_SUFFIXES.iter().any(|s| p.ends_with(s)))
                .map(|p| self.township(&p))
        })
    }

    /// The township a village belongs to, when the known names give exactly one.
    pub(crate) fn township_of(&self, village: &str) -> Option<String> {
        for list in [&self.villages, &self.seen_villages] {
            let owners = list.iter().filter(|p| p.village == village && !p.township.is_empty());
            if let Some(one) = unique_by(owners, |p| &p.township) {
                return Some(one.township.clone());
            }
        }
        None
    }

    /// The longest known township named inside `s`, or `s` itself being a known
    /// township's stem (a folder named 井口).
    fn township_in(&self, s: &str) -> Option<String> {
        let all = || self.townships.iter().chain(&self.seen_townships);
        if let Some(t) = all().filter(|t| s.contains(t.as_str())).max_by_key(|t| t.len()) {
            return Some(t.clone());
        }
        unique(all().filter(|t| stem(t, TOWNSHIP_SUFFIXES) == s && s.chars().count() >= 2)).cloned()
    }

    /// The longest known village named inside `s` (within `township` when known).
    fn village_in(&self, s: &str, township: &str) -> Option<String> {
        let all = self.villages.iter().chain(&self.seen_villages);
        all.filter(|p| township.is_empty() || p.township.is_empty() || p.township == township)
            .filter(|p| s.contains(p.village.as_str()))
            .max_by_key(|p| p.village.len())
            .map(|p| p.village.clone())
    }

    /// What a sheet's surroundings say: its 填报单位, the sheet's name, the file's name and
    /// its folders, in that order. A known name anywhere counts; a name that is itself a
    /// village's (a sheet named 南溪村, a file 南溪村委会.xlsx) counts from the 填报单位, the
    /// sheet, the file and its own folder even when no list knows it.
    fn read_hints(&self, hints: &PlaceHints, township: &str) -> (Option<String>, Option<String>) {
        let names: Vec<(String, bool)> = hints
            .unit
            .iter()
            .chain([&hints.sheet, &hints.file])
            .map(|s| (self.clean(s), true))
            .chain(hints.folders.iter().enumerate().map(|(i, f)| (self.clean(f), i == 0)))
            .collect();
        let found_township = if township.is_empty() {
            names.iter().find_map(|(n, _)| self.township_in(n))
        } else {
            Some(township.to_string())
        };
        let t = found_township.as_deref().unwrap_or("");
        let village = names.iter().find_map(|(n, whole)| {
            self.village_in(n, t).or_else(|| {
                let rest = self.township_in(n).and_then(|t| n.strip_prefix(t.as_str()).map(str::to_string));
                let v = self.fold_village(rest.as_deref().unwrap_or(n));
                (*whole && is_village_name(&v)).then_some(v)
            })
        });
        (found_township.filter(|_| township.is_empty()), village)
    }
}

/// A text that is a village's name and nothing else: ends in 村 or 社区, two to ten
/// characters before it, no digits.
fn is_village_name(s: &str) -> bool {
    let n = s.chars().count();
    VILLAGE_SUFFIXES.iter().any(|x| s.ends_with(x))
        && (3..=12).contains(&n)
        && !s.chars().any(|c| c.is_ascii_digit() || c.is_ascii_punctuation() || "（）()【】、，".contains(c))
        && !NOT_VILLAGES.iter().any(|w| s.ends_with(w) && s.len() <= w.len() + 3)
}

fn stem<'a>(name: &'a str, suffixes: &[&str]) -> &'a str {
    suffixes.iter().find_map(|s| name.strip_suffix(s).filter(|b| !b.is_empty())).unwrap_or(name)
}

fn unique<'a, T: PartialEq + 'a>(mut items: impl Iterator<Item = &'a T>) -> Option<&'a T> {
    let first = items.next()?;
    items.all(|x| x == first).then_some(first)
}

fn unique_by<'a, T, K: PartialEq + ?Sized>(
    mut items: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> &K,
) -> Option<&'a T> {
    let first = items.next()?;
    items.all(|x| key(x) == key(first)).then_some(first)
}

/// The person a row is about, named in its F06.
pub(crate) trait Person {
    fn person(&self) -> &str;
}

impl Person for VolunteerFields {
    fn person(&self) -> &str {
        &self.name
    }
}
impl Person for RosterFields {
    fn person(&self) -> &str {
        &self.name
    }
}
impl Person for RegisterFields {
    fn person(&self) -> &str {
        &self.name
    }
}
impl Person for VisitFields {
    fn person(&self) -> &str {
        &self.recipient
    }
}

/// A row placed here: a record as read, or a visit row already in its checked form.
pub(crate) trait Row: Send + Sync {
    type Fields: Person + Send + Sync;
    fn record(&self) -> &Record<Self::Fields>;
    fn record_mut(&mut self) -> &mut Record<Self::Fields>;
}

impl<T: Person + Send + Sync> Row for Record<T> {
    type Fields = T;
    fn record(&self) -> &Record<T> {
        self
    }
    fn record_mut(&mut self) -> &mut Record<T> {
        self
    }
}

impl Row for VisitChecked {
    type Fields = VisitFields;
    fn record(&self) -> &Record<VisitFields> {
        &self.record
    }
    fn record_mut(&mut self) -> &mut Record<VisitFields> {
        &mut self.record
    }
}

/// Every volunteer, ledger and log row of the run placed in its township and village, or
/// rejected with F06 (counted on its sheet); divisions and exclusions lists folded alike.
pub(crate) fn resolve(g: &mut Gathered, config: &Config) {
    let mut known = Known::new(config, &g.divisions);
    for p in g.divisions.iter_mut() {
        *p = Place::new(known.fold_township(&p.township), known.fold_village(&p.village));
    }
    g.divisions.sort();
    g.divisions.dedup();
    // Rows of a sheet share their texts: the distinct written places are few.
    let (volunteers, roster, visits) = (distinct(&g.volunteers), distinct(&g.roster), distinct(&g.visits));
    let register = distinct(&g.register);
    {
        let pairs = volunteers.iter().chain(&roster).chain(&register).chain(&visits).map(|(_, t, v)| (&**t, &**v));
        known.saw(pairs);
    }
    let mut placer = Placer { known: &known, syms: Interner::default(), village_optional: false };
    let mut rejected: Vec<((usize, usize), Issue)> = Vec::new();
    placer.place_all(&mut g.volunteers, &volunteers, &mut rejected);
    placer.place_all(&mut g.roster, &roster, &mut rejected);
    placer.place_all(&mut g.visits, &visits, &mut rejected);
    // A register row needs its township; a household export often names no village.
    placer.village_optional = true;
    placer.place_all(&mut g.register, &register, &mut rejected);
    for e in g.exclusions.iter_mut() {
        e.village = known.village(&e.village, "");
    }
    for (id, issue) in rejected {
        if let Some(sheet) = g.files.get_mut(id.0).and_then(|f| f.sheets.get_mut(id.1)) {
            sheet.rejected += 1;
        }
        g.issues.push(issue);
    }
    attribute_file_issues(g, &known);
}

/// SPEC §6: an issue about a file (F*, R07, H01 — read before any row had a place) belongs
/// to the township the file's rows name (the most of them), else the one its path names
/// (file name, then folders, innermost first); with neither it stays without one and
/// 总览 shows it under 未能确定镇街.
fn attribute_file_issues(g: &mut Gathered, known: &Known) {
    if g.issues.iter().all(|i| !i.place.township.is_empty() || i.location.file.is_empty()) {
        return;
    }
    let mut counts: Vec<FxHashMap<(&str, &str), usize>> = vec![FxHashMap::default(); g.files.len()];
    let rows = g
        .volunteers
        .iter()
        .map(|r| (r.ctx.id.0, (&*r.township, &*r.village)))
        .chain(g.roster.iter().map(|r| (r.ctx.id.0, (&*r.township, &*r.village))))
        .chain(g.register.iter().map(|r| (r.ctx.id.0, (&*r.township, &*r.village))))
        .chain(g.visits.iter().map(|v| &v.record).map(|r| (r.ctx.id.0, (&*r.township, &*r.village))));
    for (file, place) in rows {
        if let Some(c) = counts.get_mut(file) {
            *c.entry(place).or_default() += 1;
        }
    }
    let place_of: FxHashMap<&str, (String, String)> = g
        .files
        .iter()
        .zip(&counts)
        .filter_map(|(f, c)| {
            let mut townships: FxHashMap<&str, usize> = FxHashMap::default();
            for ((t, _), n) in c {
                *townships.entry(t).or_default() += n;
            }
            let by_rows =
                townships.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0))).map(|(t, _)| {
                    // The village too, when all the file's rows in that township name one.
                    let mut villages = c.keys().filter(|(ct, _)| *ct == t).map(|(_, v)| *v);
                    let first = villages.next().unwrap_or_default();
                    let village = if villages.all(|v| v == first) { first } else { "" };
                    (t.to_string(), village.to_string())
                });
            let by_path = || {
                let parts: Vec<&str> = f.path.rsplit(['/', '\\']).collect();
                parts.iter().find_map(|p| known.township_in(&known.clean(p))).map(|t| (t, String::new()))
            };
            by_rows.or_else(by_path).map(|place| (f.path.as_str(), place))
        })
        .collect();
    for issue in g.issues.iter_mut().filter(|i| i.place.township.is_empty()) {
        if let Some((t, v)) = place_of.get(issue.location.file.as_str()) {
            issue.place.township = t.clone();
            if issue.place.village.is_empty() {
                issue.place.village = v.clone();
            }
        }
    }
}

/// A written place on a sheet: its texts' addresses (rows of a sheet share them) and the sheet.
type Key = (usize, usize, (usize, usize));

fn key_of<T>(r: &Record<T>) -> Key {
    (r.township.as_ptr() as usize, r.village.as_ptr() as usize, r.ctx.id)
}

/// The flat index of one row for each distinct written place, in row order, with the
/// place as written.
fn distinct<R: Row>(rows: &Sheets<R>) -> Vec<(u32, Sym, Sym)> {
    let mut seen: rustc_hash::FxHashSet<Key> = Default::default();
    let mut last = None;
    let mut out = Vec::new();
    for (i, r) in rows.iter().map(Row::record).enumerate() {
        let key = key_of(r);
        if last != Some(key) {
            if seen.insert(key) {
                out.push((i as u32, Sym::clone(&r.township), Sym::clone(&r.village)));
            }
            last = Some(key);
        }
    }
    out
}

type Placed = Result<(Sym, Sym), &'static str>;

struct Placer<'a> {
    known: &'a Known,
    syms: Interner,
    /// Rows placed by their township alone when no village can be found (registers).
    village_optional: bool,
}

impl Placer<'_> {
    /// Each distinct written place decided once, then every row given its place in
    /// parallel; the rows whose place stays unknown are taken out with their F06.
    fn place_all<R: Row>(
        &mut self,
        rows: &mut Sheets<R>,
        distinct: &[(u32, Sym, Sym)],
        rejected: &mut Vec<((usize, usize), Issue)>,
    ) {
        use rayon::prelude::*;
        let decided: FxHashMap<Key, Placed> = distinct
            .iter()
            .filter_map(|&(i, _, _)| rows.get(i))
            .map(|r| (key_of(r.record()), self.place(r.record())))
            .collect();
        let unknown: usize = rows
            .par_iter_mut()
            .map(Row::record_mut)
            .map(|r| match decided.get(&key_of(r)) {
                Some(Ok((t, v))) => {
                    if **t != *r.township || **v != *r.village {
                        r.township = Sym::clone(t);
                        r.village = Sym::clone(v);
                    }
                    0
                }
                _ => 1,
            })
            .sum();
        if unknown == 0 {
            return;
        }
        rows.retain(|r| match decided.get(&key_of(r.record())) {
            Some(Err(missing)) => {
                let r = r.record();
                rejected.push((r.ctx.id, self.f06(r, missing)));
                false
            }
            _ => true,
        });
    }

    fn place<T: Person>(&mut self, r: &Record<T>) -> Placed {
        let (t, v) = (&r.township, &r.village);
        let known = self.known;
        let mut township = known.township(t);
        if township.is_empty() && !v.is_empty() {
            township = known.township_in_place(v).unwrap_or_default();
        }
        let mut village = if v.is_empty() { String::new() } else { known.village(v, &township) };
        if township.is_empty() && !village.is_empty() {
            township = known.township_of(&village).unwrap_or_default();
        }
        if township.is_empty() || village.is_empty() {
            let (hint_t, hint_v) = known.read_hints(&r.ctx.hints, &township);
            if township.is_empty() {
                township = hint_t.unwrap_or_default();
            }
            if village.is_empty() {
                village = hint_v.map(|h| known.village(&h, &township)).unwrap_or_default();
                if township.is_empty() && !village.is_empty() {
                    township = known.township_of(&village).unwrap_or_default();
                }
            }
        }
        match (township.is_empty(), village.is_empty()) {
            (false, false) => Ok((self.syms.sym(&township), self.syms.sym(&village))),
            (false, true) if self.village_optional => Ok((self.syms.sym(&township), self.syms.sym(""))),
            (true, true) => Err("镇（街道）和村（社区）"),
            (true, false) => Err("镇（街道）"),
            (false, true) => Err("村（社区）"),
        }
    }

    fn f06<T: Person>(&self, r: &Record<T>, missing: &'static str) -> Issue {
        let h = &r.ctx.hints;
        let mut tried = vec![format!("工作表名“{}”", h.sheet), format!("文件名“{}”", h.file)];
        if let Some(unit) = &h.unit {
            tried.insert(0, format!("填报单位“{unit}”"));
        }
        if let Some(folder) = h.folders.first() {
            tried.push(format!("文件夹“{folder}”"));
        }
        let field = if missing == "镇（街道）" { Field::Township } else { Field::Village };
        let column = r.ctx.columns.contains_key(&field).then_some(field);
        let mut issue = Issue::new(Code::F06, r.at(column), said::f06_place_unknown(missing, &tried.join("、")));
        issue.place.township = self.known.township(&r.township);
        issue.place.village = if r.village.is_empty() { String::new() } else { self.known.village(&r.village, "") };
        issue.name = r.data.person().to_string();
        issue
    }
}

#[cfg(test)]
#[path = "places_tests.rs"]
mod tests;
