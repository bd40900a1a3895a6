//! The printed page every table is planned for: A4 landscape, its margins, and the
//! smallest legible print scale.

/// A4 landscape's printable width at 100 %, in pixels of Excel's column widths (96 dpi).
pub(crate) const PRINTABLE_PX: f64 = (11.69 - 2.0 * MARGIN_SIDE) * 96.0;

/// And its printable height, in points.
pub(crate) const PRINTABLE_PT: f64 = (8.27 - 2.0 * MARGIN_TOP) * 72.0;

/// Margins in inches: what office printers leave unprinted (about 0.2) and the footer.
pub(crate) const MARGIN_SIDE: f64 = 0.3;
pub(crate) const MARGIN_TOP: f64 = 0.5;
pub(crate) const MARGIN_FOOTER: f64 = 0.25;

/// The smallest print scale that keeps 11 pt text at 8 pt.
pub(crate) const MIN_SCALE: f64 = 8.0 / 11.0;
/// The smallest for a sheet of prose (问题清单, the feedback guide): 7.5 pt, read at a desk
/// with a pen, so that a page holds 15 or more issues. At 8 pt, SPEC's twelve columns and
/// the messages' length give about 12.
pub(crate) const PROSE_MIN_SCALE: f64 = 7.5 / 11.0;

/// The smallest print scale of a sheet: prose (`wrap_all`) or not.
pub(crate) fn min_scale(prose: bool) -> f64 {
    if prose {
        PROSE_MIN_SCALE
    } else {
        MIN_SCALE
    }
}
