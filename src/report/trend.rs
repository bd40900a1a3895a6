//! 趋势 on 总览 (SPEC §6, §11): with at least two periods (recorded ones and this one),
//! each township's compliance rate and 不达标 count per month, the last 12, and a line
//! chart of the district's and each township's rate. Written under 总览's table and charts.

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::styles::Styles;
use super::value::{write_cell, Kind, Mark, Val};
use crate::compare::Compared;
use crate::model::order::TownshipOrder;
use crate::period::Period;

/// Per month: (assessed, compliant), None for a month without figures.
type Months = Vec<Option<(usize, usize)>>;

/// The months and, per township (the district first), each month's figures.
#[derive(Debug, Clone)]
pub(crate) struct Trend {
    months: Vec<Period>,
    /// (name, its months), 全区 first.
    rows: Vec<(String, Months)>,
}

impl Trend {
    /// The trend of `compared`, None with fewer than two periods.
    pub(crate) fn of(compared: &Compared, order: &TownshipOrder) -> Option<Trend> {
        let mut months: Vec<Period> = compared.trend.iter().map(|t| t.period).collect();
        months.sort_by_key(|p| (p.from, p.to));
        months.dedup();
        if months.len() < 2 {
            return None;
        }
        let mut townships: Vec<&str> = compared.trend.iter().map(|t| t.township.as_str()).collect();
        townships.sort_by(|a, b| (order.rank(a), a).cmp(&(order.rank(b), b)));
        townships.dedup();
        let mut district: Months = vec![None; months.len()];
        let mut rows = Vec::new();
        for township in townships {
            let cells: Months = months
                .iter()
                .map(|m| {
                    compared
                        .trend
                        .iter()
                        .find(|t| t.period == *m && t.township == township)
                        .map(|t| (t.assessed, t.compliant))
                })
                .collect();
            for (total, cell) in district.iter_mut().zip(&cells) {
                if let Some((a, c)) = cell {
                    let (ta, tc) = total.get_or_insert((0, 0));
                    *ta += a;
                    *tc += c;
                }
            }
            rows.push((township.to_string(), cells));
        }
        rows.insert(0, ("全区".to_string(), district));
        Some(Trend { months, rows })
    }
}

/// Writes the trend from `row` down: the rate block, the 不达标 block, the chart under them.
pub(crate) fn write(sheet: &mut Worksheet, row: u32, trend: &Trend, styles: &Styles) -> Result<(), XlsxError> {
    let n = trend.rows.len() as u32;
    let title = format!(
        "趋势：近 {} 个月各镇（街道）关爱频次达标率与不达标人数（达标率按达标与不达标人数计）",
        trend.months.len()
    );
    sheet.write_string_with_format(row, 0, &title, &styles.preface)?;
    let rates = row + 1;
    block(sheet, rates, "达标率", trend, styles, |(a, c)| (a > 0).then(|| Val::Pct(c as f64 / a as f64)))?;
    let missed = rates + n + 2;
    block(sheet, missed, "不达标人数", trend, styles, |(a, c)| Some(Val::Int((a - c) as i64)))?;
    sheet.insert_chart(missed + n + 2, 0, &chart(sheet.name().as_str(), rates, trend))?;
    Ok(())
}

/// One block: a header of months, then a row per township.
fn block(
    sheet: &mut Worksheet,
    row: u32,
    what: &str,
    trend: &Trend,
    styles: &Styles,
    value: impl Fn((usize, usize)) -> Option<Val<'static>>,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, what, &styles.header)?;
    for (c, m) in trend.months.iter().enumerate() {
        sheet.write_string_with_format(row, 1 + c as u16, m.label(), &styles.header)?;
    }
    for (r, (name, cells)) in trend.rows.iter().enumerate() {
        let at = row + 1 + r as u32;
        let bold = r == 0;
        write_cell(
            sheet,
            at,
            0,
            &Val::from(name.as_str()),
            Some(styles.cell(Kind::Text, Mark::Plain, false, bold, true)),
        )?;
        for (c, cell) in cells.iter().enumerate() {
            let v = cell.and_then(&value).unwrap_or(Val::from("—"));
            let format = styles.cell(Kind::of(&v), Mark::Plain, false, bold, true);
            write_cell(sheet, at, 1 + c as u16, &v, Some(format))?;
        }
    }
    Ok(())
}

/// A line per row of the rate block: the district's (全区) and each township's rate.
fn chart(sheet: &str, rates: u32, trend: &Trend) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    let last = trend.months.len() as u16;
    for r in 0..trend.rows.len() as u32 {
        chart
            .add_series()
            .set_categories((sheet, rates, 1, rates, last))
            .set_values((sheet, rates + 1 + r, 1, rates + 1 + r, last))
            .set_name((sheet, rates + 1 + r, 0));
    }
    chart.title().set_name("关爱频次达标率趋势");
    chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
    chart.legend().set_position(rust_xlsxwriter::ChartLegendPosition::Right);
    chart.set_width(720).set_height(360);
    chart
}
