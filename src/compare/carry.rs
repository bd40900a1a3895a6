//! The week that straddles two periods (SPEC §11): §5 assesses only weeks wholly inside
//! the period, so 1月30日—2月5日 belongs to neither January nor February. When the
//! baseline is the period just before, February assesses it, taking 1月30日 and 1月31日
//! from what the history kept of January's last six days; a day of a recorded period
//! without a record is a day without contact.

use chrono::{Datelike, Duration, NaiveDate};

use super::identity::{pair, Identity, Who};
use super::Past;
use crate::assess::recipient::Recipient;
use crate::assess::Earlier;
use crate::period::Period;

impl Identity for Recipient {
    fn who(&self) -> Who<'_> {
        Who { id: self.id.as_deref(), place: &self.place, name: &self.name }
    }
}

/// The days before `period` its first week starts on: the Monday to the day before the
/// period, None when the period starts on a Monday.
pub(crate) fn straddle(period: Period) -> Option<(NaiveDate, NaiveDate)> {
    let back = i64::from(period.from.weekday().num_days_from_monday());
    (back > 0).then(|| (period.from - Duration::days(back), period.from - Duration::days(1)))
}

/// The straddling week's earlier days for each of `people`, when the baseline ends the day
/// before `period` starts; None without such a baseline or when the period starts on a Monday.
pub(crate) fn earlier(past: &Past, period: Period, people: &[Recipient]) -> Option<Earlier> {
    let base = past.periods.first()?;
    let (from, to) = straddle(period)?;
    if base.period.to + Duration::days(1) != period.from || from < base.period.from {
        return None;
    }
    let pairs = pair(&base.people, people);
    let contacts = pairs.iter().map(|i| i.map(|i| base.people[i].tail.between(from, to))).collect();
    Some(Earlier { from, contacts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Place;

    #[test]
    fn a_february_starting_on_wednesday_takes_monday_and_tuesday() {
        let feb = Period::month(2023, 2).unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        assert_eq!(straddle(feb), Some((d(1, 30), d(1, 31))));
        // May 2023 starts on a Monday: nothing straddles.
        assert_eq!(straddle(Period::month(2023, 5).unwrap()), None);
    }

    fn past(from: NaiveDate, to: NaiveDate) -> Past {
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        let person = super::super::PastPerson {
            place: Place::new("井口街道", "美丽家园社区"),
            name: "杨桂芳".into(),
            tail: crate::assess::Contacts { calls: [d(1, 30), d(1, 26)].into(), visits: Default::default() },
            ..Default::default()
        };
        let period = Period { from, to };
        let recorded = super::super::PastPeriod {
            period,
            recorded_at: String::new(),
            people: vec![person],
            short_villages: Default::default(),
            townships: Vec::new(),
        };
        Past { used: true, periods: vec![recorded] }
    }

    #[test]
    fn the_earlier_days_come_only_from_the_period_just_before_and_only_for_people_it_knows() {
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        let feb = Period::month(2023, 2).unwrap();
        let people = [
            Recipient {
                place: Place::new("井口街道", "美丽家园社区"), name: "杨桂芳".into(), ..Default::default()
            },
            Recipient {
                place: Place::new("井口街道", "美丽家园社区"), name: "周杰".into(), ..Default::default()
            },
        ];
        let january = earlier(&past(d(1, 1), d(1, 31)), feb, &people).expect("January is just before");
        assert_eq!(january.from, d(1, 30));
        let yang = january.contacts[0].as_ref().expect("known to January");
        assert_eq!(yang.calls.iter().copied().collect::<Vec<_>>(), [d(1, 30)], "the week's days only, not 1月26日");
        assert!(january.contacts[1].is_none(), "周杰 was not in January");
        assert!(earlier(&past(d(1, 1), d(1, 29)), feb, &people).is_none(), "a gap: not the period just before");
        assert!(earlier(&past(d(1, 31), d(1, 31)), feb, &people).is_none(), "a period that does not hold 1月30日");
        assert!(earlier(&past(d(1, 30), d(1, 31)), feb, &people).is_some(), "one that holds the week's days exactly");
    }
}
