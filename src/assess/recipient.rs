//! A person to be cared for, as the assessment knows them: from the ledger (or inferred
//! from the visit records), with their place, categories and contact person.

use super::Enrolment;
use crate::normalize::kinds::{Categories, Situations};

pub type Key = (String, String, String);

#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub township: String,
    pub village: String,
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
        (self.township.clone(), self.village.clone(), self.name.clone())
    }
}
