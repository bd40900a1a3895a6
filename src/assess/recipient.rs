//! A person to be cared for, as the assessment knows them: from the ledger (or inferred
//! from the visit records), with their place, categories and contact person.

use super::Enrolment;
use crate::model::Place;
use crate::normalize::kinds::{Categories, Situations};

/// Who a recipient is: the ledger's identity of a person, their village and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub place: Place,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub place: Place,
    pub name: String,
    pub id: Option<String>,
    pub categories: Categories,
    pub situations: Situations,
    pub inferred: bool,
    pub contact_person: String,
    pub contact_phone: String,
    pub village_phone: String,
    pub service_content: String,
    pub enrolment: Enrolment,
}

impl Recipient {
    pub fn key(&self) -> Key {
        Key { place: self.place.clone(), name: self.name.clone() }
    }
}
