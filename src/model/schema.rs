//! The sheet schema of SPEC §2: which fields each kind of sheet has, which it cannot be
//! read without, the header a user should add for each, and the matcher from header
//! cells to fields (its aliases are data: `[header_aliases]` in templates/defaults.toml).

use std::collections::BTreeMap;

use crate::model::rows::Field;
use crate::model::SheetKind;
use crate::normalize::text::header_key;

impl Field {
    /// The header a user should add when the field is missing (SPEC §2's first alias).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Field::Seq => "序号",
            Field::Township => "镇（街道）",
            Field::Village => "村（社区）",
            Field::Name => "姓名",
            Field::Gender => "性别",
            Field::IdNumber => "身份证号码",
            Field::BirthDate => "出生年月",
            Field::Age => "年龄",
            Field::Phone => "联系电话",
            Field::Address => "居住地址",
            Field::Employer => "工作单位",
            Field::Role => "身份",
            Field::Remark => "备注",
            Field::Date => "时间",
            Field::Method => "关爱方式",
            Field::Content => "关爱服务内容",
            Field::Category => "关爱对象类型",
            Field::Recipient => "关爱对象姓名",
            Field::Worker => "实施关爱工作人员（记录人）",
            Field::Categories => "对象类别",
            Field::ElderlySituation => "独居老人情形",
            Field::ContactPerson => "关爱联系人",
            Field::ContactPhone => "联系人电话",
            Field::VillagePhone => "村（社区）电话",
            Field::EnrolledOn => "纳入日期",
            Field::LeftOn => "退出日期",
            Field::ExclusionCategory => "排除类别",
            Field::HeadName => "户主姓名",
            Field::HeadId => "户主身份证号",
            Field::Certificate => "证号",
            Field::SupportMode => "供养方式",
            Field::Members => "保障人口",
            Field::Entitlement => "保障金额",
            Field::Disability => "残疾类别",
            Field::Guardian => "监护人",
            Field::Status => "保障状态",
        }
    }
}

/// The header aliases as matched: keys folded like header cells, the longest first.
#[derive(Debug, Clone)]
pub(crate) struct Headers {
    aliases: Vec<(String, usize, Field)>,
}

/// What one header cell names: a field and how specific the alias was (its length in
/// characters), or two fields when the header names both ("关爱联系人及电话").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    One(Field, usize),
    Two(Field, Field),
}

impl Meaning {
    pub(crate) fn fields(self) -> impl Iterator<Item = Field> {
        let (a, b) = match self {
            Meaning::One(f, _) => (f, None),
            Meaning::Two(f, g) => (f, Some(g)),
        };
        std::iter::once(a).chain(b)
    }
}

impl Headers {
    pub(crate) fn new(aliases: &BTreeMap<Field, Vec<String>>) -> Headers {
        let mut list: Vec<(String, usize, Field)> = aliases
            .iter()
            .flat_map(|(field, words)| words.iter().map(move |w| (header_key(w), *field)))
            .filter(|(k, _)| !k.is_empty())
            .map(|(k, f)| {
                let n = k.chars().count();
                (k, n, f)
            })
            .collect();
        list.sort_by_key(|a| std::cmp::Reverse(a.1));
        Headers { aliases: list }
    }

    /// The field a header key names: the longest alias it equals or contains; of two
    /// equally long ones, the one ending later ("关爱对象身份证号" is an ID number: a Chinese
    /// compound ends in what it is). A one-character alias counts only for the whole cell.
    pub(crate) fn field_of(&self, key: &str) -> Option<(Field, usize)> {
        self.field_in(key, 0)
    }

    /// `field_of`, counting only aliases that end after byte `tail`: in a two-row header
    /// the sub-header, not the group above it, says what a column is.
    fn field_in(&self, key: &str, tail: usize) -> Option<(Field, usize)> {
        let mut best: Option<(usize, usize, Field)> = None;
        for (alias, len, field) in &self.aliases {
            if best.is_some_and(|(l, _, _)| *len < l) {
                break;
            }
            if alias.len() > key.len() {
                continue;
            }
            let end = if *len == 1 {
                (key.get(tail..) == Some(alias.as_str())).then_some(key.len())
            } else {
                key.rfind(alias.as_str()).map(|at| at + alias.len()).filter(|&end| end > tail)
            };
            if let Some(end) = end {
                if best.is_none_or(|(_, e, _)| end > e) {
                    best = Some((*len, end, *field));
                }
            }
        }
        best.map(|(len, _, field)| (field, len))
    }

    /// A sub-header's meaning under its group: 关爱联系人 over 姓名 | 电话 is the contact and
    /// the contact's phone, 关爱对象 over 姓名 | 类型 the recipient and the category; otherwise
    /// the most specific alias that ends in the sub-header ("关爱对象基本信息" over 类别 is the
    /// category, not the recipient).
    pub(crate) fn grouped(&self, group: &str, sub: &str) -> Option<Meaning> {
        use Field::*;
        let g = self.field_of(group).map(|(f, _)| f);
        let s = self.field_of(sub).map(|(f, _)| f);
        let strong = group.chars().count() + sub.chars().count();
        let by_group = match (g, s) {
            (Some(ContactPerson), Some(Name)) => Some(ContactPerson),
            (Some(ContactPerson), Some(Phone | ContactPhone)) => Some(ContactPhone),
            (Some(Recipient | Name), Some(Name)) => Some(Recipient),
            (Some(Recipient | Name), Some(Category | Categories)) => Some(Category),
            (Some(Worker), Some(Name)) => Some(Worker),
            _ => None,
        };
        if let Some(f) = by_group {
            return Some(Meaning::One(f, strong));
        }
        let key = format!("{group}{sub}");
        match self.field_in(&key, group.len()) {
            Some((f, n)) => Some(Meaning::One(f, n)),
            None => self.meaning(sub),
        }
    }

    /// A header without its instructions: a bracketed part that is not itself a header word
    /// ("姓名（与身份证一致）", "时间（格式：2023-01-04）", "类别（1特困人员、2低保对象）") says what to
    /// write, not what the column is; "村（社区）" and "实施关爱工作人员（记录人）" keep theirs.
    pub(crate) fn without_instructions(&self, key: &str) -> String {
        let mut out = String::with_capacity(key.len());
        let mut rest = key;
        while let Some(open) = rest.find(['(', '[', '【']) {
            let close_char = match rest[open..].chars().next() {
                Some('(') => ')',
                Some('[') => ']',
                _ => '】',
            };
            let Some(len) = rest[open..].find(close_char) else { break };
            let inner = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..open + len];
            out.push_str(&rest[..open]);
            if self.aliases.iter().any(|(a, _, _)| a == inner) {
                out.push_str(&rest[open..open + len + close_char.len_utf8()]);
            }
            rest = &rest[open + len + close_char.len_utf8()..];
        }
        out.push_str(rest);
        if out.is_empty() || self.field_of(&out).is_none() {
            return key.to_string();
        }
        out
    }

    /// A header cell's meaning. A header joining a person and a phone ("关爱联系人及电话",
    /// "联系人/联系电话") names both, unless the whole text is itself an alias ("工作单位及职务").
    pub(crate) fn meaning(&self, key: &str) -> Option<Meaning> {
        let whole = self.field_of(key);
        if whole.is_some_and(|(_, len)| len == key.chars().count()) {
            return whole.map(|(f, n)| Meaning::One(f, n));
        }
        let parts: Vec<&str> =
            key.split(['及', '和', '与', '/', '、', '+', '&', '(', ')']).filter(|p| !p.is_empty()).collect();
        if let [person, phone] = parts[..] {
            let person = self.field_of(person).map(|(f, _)| f);
            let phone = self.field_of(phone).map(|(f, _)| f);
            match (person, phone) {
                (Some(Field::ContactPerson), Some(Field::Phone | Field::ContactPhone)) => {
                    return Some(Meaning::Two(Field::ContactPerson, Field::ContactPhone))
                }
                (Some(Field::Name), Some(Field::Phone)) => return Some(Meaning::Two(Field::Name, Field::Phone)),
                _ => {}
            }
        }
        whole.map(|(f, n)| Meaning::One(f, n))
    }
}

/// The field a header's field stands for in a sheet of `kind`: inside a visit log 姓名 and
/// 类别 are the recipient's and its 关爱联系人 is the worker; elsewhere 对象姓名 is the name.
pub(crate) fn in_kind(field: Field, kind: SheetKind) -> Option<Field> {
    use Field::*;
    let visits = kind == SheetKind::Visits;
    let f = match field {
        Name if visits => Recipient,
        Categories if visits => Category,
        ContactPerson if visits => Worker,
        // The one who cares for a ledger's person is the contact person.
        Worker if kind == SheetKind::Roster => ContactPerson,
        Recipient if !visits => Name,
        Category if !visits => Categories,
        f => f,
    };
    fields_of(kind).contains(&f).then_some(f)
}

pub(crate) fn fields_of(kind: SheetKind) -> &'static [Field] {
    use Field::*;
    match kind {
        SheetKind::Volunteers => {
            &[Seq, Township, Village, Name, Gender, IdNumber, BirthDate, Age, Phone, Address, Employer, Role, Remark]
        }
        SheetKind::Visits => &[Seq, Township, Village, Date, Method, Content, Category, Recipient, Worker, Remark],
        SheetKind::Roster => &[
            Seq,
            Township,
            Village,
            Name,
            IdNumber,
            Categories,
            ElderlySituation,
            ContactPerson,
            ContactPhone,
            VillagePhone,
            EnrolledOn,
            LeftOn,
            Content,
            Remark,
        ],
        SheetKind::Divisions => &[Seq, Township, Village, Remark],
        SheetKind::Exclusions => &[Seq, Township, Village, Name, IdNumber, Role, ExclusionCategory, Remark],
        SheetKind::Register => &[
            Seq,
            Township,
            Village,
            Name,
            IdNumber,
            HeadName,
            HeadId,
            Categories,
            Certificate,
            SupportMode,
            Members,
            Entitlement,
            Disability,
            Guardian,
            Status,
            Address,
            Phone,
            Remark,
        ],
        SheetKind::Unknown => &[],
    }
}

/// Fields without which a sheet of that kind cannot be read (H01).
pub(crate) fn required(kind: SheetKind) -> &'static [Field] {
    use Field::*;
    match kind {
        SheetKind::Volunteers => &[Name, IdNumber, Address],
        SheetKind::Visits => &[Date, Method, Category, Recipient],
        SheetKind::Roster => &[Name, Categories],
        SheetKind::Divisions => &[Township, Village],
        SheetKind::Exclusions => &[Name],
        // A household export names its head instead (户主姓名): checked when read.
        SheetKind::Register => &[],
        SheetKind::Unknown => &[],
    }
}
