//! The closed vocabularies of the notice as types: the nine categories, the elderly
//! situations, the two care methods, and the ids of the rules in force. Everything past
//! normalisation compares these, never the words people wrote; the words that recognise
//! each value are data (templates/defaults.toml, `normalize::vocab`).

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

/// A value of a closed vocabulary: its canonical Chinese name, and its place in the list.
pub trait Word: Copy + Eq + 'static {
    /// Every value, in the order lists show them.
    const ALL: &'static [Self];
    /// What the vocabulary is called in a message ("类别").
    const KIND: &'static str;
    fn name(self) -> &'static str;

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|w| w.name() == name)
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|&w| w == self).unwrap_or_default()
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),* }

        impl Word for $name {
            const ALL: &'static [$name] = &[$($name::$variant),*];
            const KIND: &'static str = $kind;
            fn name(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::from_name(&text).ok_or_else(|| serde::de::Error::custom(unknown::<$name>(&text)))
            }
        }
    };
}

/// "“五保户”不是可用的类别，可用的有：独居老人、特困人员……"
fn unknown<W: Word>(text: &str) -> String {
    let known: Vec<&str> = W::ALL.iter().map(|w| w.name()).collect();
    format!("“{text}”不是可用的{}，可用的有：{}", W::KIND, known.join("、"))
}

vocabulary! {
    /// The nine categories of the notice (“九类”), in the notice's order.
    Category, "类别" {
        Elderly = "独居老人",
        Tekun = "特困人员",
        Orphan = "孤儿",
        Unsupported = "事实无人抚养儿童",
        LeftBehind = "农村留守儿童",
        Dibao = "低保对象",
        DibaoEdge = "低保边缘对象",
        Disabled = "困难残疾人",
        Vagrant = "生活无着流浪乞讨人员",
    }
}

vocabulary! {
    /// The situations of an elderly person living alone that decide their rule (notice
    /// §三). Listed in the order of their names' characters, as every output has listed them.
    Situation, "独居老人情形" {
        Other = "其他",
        ScatteredTekun = "分散特困",
        PartlyDisabled = "半失能",
        Disabled = "失能",
        CannotShop = "患病无自主采购能力",
        SeverelyDisabled = "重残",
        SeriouslyIll = "重病",
    }
}

vocabulary! {
    /// How a recipient was contacted.
    Method, "关爱方式" {
        Visit = "入户走访",
        Call = "电话联系",
    }
}

/// Several values of one vocabulary, each once, iterated in the vocabulary's order: a
/// recipient's categories, a log row's categories. Copy, so 300k rows share nothing and
/// allocate nothing.
pub struct Set<W> {
    bits: u32,
    of: PhantomData<W>,
}

// By hand: derived impls would ask the same of `W`, which is only a marker here.
impl<W> Clone for Set<W> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<W> Copy for Set<W> {}
impl<W> PartialEq for Set<W> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<W> Eq for Set<W> {}
impl<W> std::hash::Hash for Set<W> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}
impl<W> Default for Set<W> {
    fn default() -> Self {
        Set { bits: 0, of: PhantomData }
    }
}

pub(crate) type Categories = Set<Category>;
pub(crate) type Situations = Set<Situation>;

impl<W: Word> Set<W> {
    pub(crate) fn one(w: W) -> Set<W> {
        let mut set = Set::default();
        set.insert(w);
        set
    }

    pub(crate) fn insert(&mut self, w: W) {
        self.bits |= 1 << w.index();
    }

    pub(crate) fn contains(&self, w: W) -> bool {
        self.bits & (1 << w.index()) != 0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bits == 0
    }

    pub(crate) fn len(&self) -> usize {
        self.bits.count_ones() as usize
    }

    pub(crate) fn intersects(&self, other: Set<W>) -> bool {
        self.bits & other.bits != 0
    }

    pub(crate) fn union(self, other: Set<W>) -> Set<W> {
        Set { bits: self.bits | other.bits, of: PhantomData }
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = W> {
        W::ALL.iter().copied().filter(move |&w| self.contains(w))
    }

    /// "独居老人、特困人员".
    pub(crate) fn join(self, separator: &str) -> String {
        self.iter().map(W::name).collect::<Vec<_>>().join(separator)
    }

    /// The only value, when there is exactly one.
    pub(crate) fn single(self) -> Option<W> {
        (self.len() == 1).then(|| self.iter().next()).flatten()
    }
}

impl<W: Word> FromIterator<W> for Set<W> {
    fn from_iter<I: IntoIterator<Item = W>>(iter: I) -> Self {
        let mut set = Set::default();
        iter.into_iter().for_each(|w| set.insert(w));
        set
    }
}

impl<W: Word> fmt::Debug for Set<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(W::name)).finish()
    }
}

impl<W: Word> Serialize for Set<W> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(W::name))
    }
}

impl<'de, W: Word + Deserialize<'de>> Deserialize<'de> for Set<W> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<W>::deserialize(d)?.into_iter().collect())
    }
}

/// The id of a rule of the rule table (`elderly_intensive`); a rule's `unless` must name
/// one that exists, which the config checks when it is loaded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct RuleId(pub(crate) String);

impl RuleId {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_list_in_the_vocabulary_order_once_each() {
        let set: Categories = [Category::Dibao, Category::Elderly, Category::Dibao].into_iter().collect();
        assert_eq!(set.join("、"), "独居老人、低保对象");
        assert_eq!(set.len(), 2);
        assert!(set.contains(Category::Elderly) && !set.contains(Category::Tekun));
        assert_eq!(Categories::one(Category::Orphan).single(), Some(Category::Orphan));
        assert_eq!(set.single(), None);
    }

    #[test]
    fn names_round_trip_and_unknown_ones_are_refused() {
        for &c in Category::ALL {
            assert_eq!(Category::from_name(c.name()), Some(c));
        }
        let err = serde_json::from_str::<Method>("\"入户\"").unwrap_err().to_string();
        assert!(err.contains("入户") && err.contains("入户走访、电话联系"), "{err}");
        let mut names: Vec<&str> = Situation::ALL.iter().map(|s| s.name()).collect();
        let listed = names.clone();
        names.sort();
        assert_eq!(names, listed, "situations are listed in the order outputs always had");
    }
}
