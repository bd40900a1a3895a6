//! A person to be cared for, as the assessment knows them: from the ledger (or inferred
//! from the visit records), with their place, categories and contact person.

use super::Enrolment;
use crate::model::Place;
use crate::normalize::kinds::{Categories, Situations};

#[derive(Debug, Clone, Default)]
pub(crate) struct Recipient {
    pub(crate) place: Place,
    pub(crate) name: String,
    pub(crate) id: Option<String>,
    pub(crate) categories: Categories,
    pub(crate) situations: Situations,
    pub(crate) inferred: bool,
    pub(crate) contact_person: String,
    pub(crate) contact_phone: String,
    pub(crate) village_phone: String,
    pub(crate) service_content: String,
    pub(crate) enrolment: Enrolment,
}
