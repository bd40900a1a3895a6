//! What every issue says, beside the code table: for each code of SPEC §4, in the
//! table's order, the Chinese sentence saying what is wrong and the one saying how to fix
//! it. Raise sites only fill in the values, so the wording of the whole product can be
//! read and changed here.

use std::borrow::Cow;

use chrono::NaiveDate;

/// A sentence: borrowed when it is the same for every row (a city's half a million R08
/// rows hold no copy of it), owned when it quotes the row.
pub(crate) type Text = Cow<'static, str>;

/// What is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    pub(crate) message: Text,
    pub(crate) fix: Text,
    /// A reader library's own words (often English): kept for the JSON's `detail`, never
    /// shown in a message the clerk reads.
    pub(crate) detail: String,
}

fn said(message: impl Into<Text>, fix: impl Into<Text>) -> Said {
    Said { message: message.into(), fix: fix.into(), detail: String::new() }
}

/// The vocabulary's own advice about a word when it has one, else `usual`.
fn or_fix(why: Option<&str>, usual: &'static str) -> Text {
    why.map_or(Text::Borrowed(usual), |w| Text::Owned(w.to_string()))
}

impl Said {
    pub(crate) fn with_detail(mut self, detail: impl std::fmt::Display) -> Said {
        self.detail = detail.to_string();
        self
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

// F — files and sheets

pub(crate) fn f01_wps(ext: &str) -> Said {
    said(
        format!("WPS 专用格式（.{ext}）无法读取"),
        "请另存为 .xlsx 后重新提交（WPS 中选“文件—另存为”，文件类型选 Excel 工作簿 .xlsx）",
    )
}

pub(crate) fn f01_word(ext: &str) -> Said {
    said(
        format!("旧版 Word/WPS 文字文档（.{ext}）无法读取其中的表格"),
        "请用 Word/WPS 另存为 .docx 或 .xlsx 后重新提交（文件—另存为，文件类型选 Word 文档 .docx）",
    )
}

pub(crate) fn f01_archive(ext: &str) -> Said {
    said(format!("压缩包（.{ext}）无法直接读取，只能读取 .zip 压缩包"), "请解压后放入（或另存为 .zip 压缩包）再核查")
}

pub(crate) fn f01_nested_too_deep(depth: usize) -> Said {
    said(format!("压缩包套在压缩包里超过 {depth} 层，未读取"), "请解压后放入再核查")
}

pub(crate) fn f01_no_extension() -> Said {
    said("文件没有扩展名，无法判断类型", "请另存为 .xlsx 后重新提交")
}

pub(crate) fn f01_other(ext: &str) -> Said {
    said(
        format!("不支持的文件类型（.{ext}），只读取 .xlsx .xlsm .xls .xlsb .ods .csv 表格、.docx 文档中的表格和 .zip 压缩包"),
        "如为其他压缩包请先解压；其他文件请另存为 .xlsx 后重新提交",
    )
}

pub(crate) fn f02_unreadable(os_error: &std::io::Error) -> Said {
    said(
        format!("文件无法读取：{}", crate::say::os_problem(os_error)),
        "请关闭正在使用该文件的程序、检查文件权限，或重新复制该文件后再核查",
    )
}

const RESAVE: &str = "请用 Excel 或 WPS 打开后另存为 .xlsx 再提交；打不开时请向报送单位要一份新文件";

pub(crate) fn f02_empty() -> Said {
    said("文件是空的（0 字节），可能下载或复制不完整", "请向报送单位重新索取该文件")
}

/// `what`: what carries the password ("工作簿", "压缩包", "压缩包中的文件").
pub(crate) fn f02_password(what: &str) -> Said {
    said(
        format!("{what}设有密码（已加密），无法读取"),
        "请报送单位取消密码后重新发送（Excel、Word 或 WPS 中：文件—信息—保护工作簿（或保护文档）—用密码进行加密，清空密码后保存；压缩包请不设密码重新压缩）",
    )
}

pub(crate) fn f02_not_spreadsheet() -> Said {
    said("文件内容不是 Excel/WPS 表格（可能是改了扩展名的其他文件，或文件已损坏）", RESAVE)
}

pub(crate) fn f02_damaged() -> Said {
    said("文件已损坏或不完整，无法打开", RESAVE)
}

pub(crate) fn f02_broken_structure() -> Said {
    said("文件内部结构损坏（或由非标准软件生成），无法解析", RESAVE)
}

pub(crate) fn f02_csv(row: u64) -> Said {
    said(format!("CSV 文件第 {row} 行附近格式有误，无法读取"), "请用 Excel 或 WPS 打开后另存为 .xlsx 再提交")
}

pub(crate) fn f02_archive_broken() -> Said {
    said("压缩包已损坏或不完整，无法打开", "请向报送单位重新索取该压缩包，或请其解压后直接发送表格文件")
}

pub(crate) fn f02_member_broken() -> Said {
    said(
        "压缩包中的这个文件无法解压（已损坏，或用了不支持的压缩方式）",
        "请向报送单位重新索取该压缩包，或请其解压后直接发送表格文件",
    )
}

pub(crate) fn f03_no_sheet(sheet_names: &str) -> Said {
    let what = if sheet_names.is_empty() {
        "文件中没有任何工作表或表格（Word 文档须把名单、记录填在表格里）".to_string()
    } else {
        format!("文件中的工作表（{sheet_names}）都没有可识别的表头")
    };
    said(
        what,
        "表头须含“姓名、身份证号码、居住地址”（社工名单）或“关爱方式、关爱对象姓名”（关爱记录）等列，请使用区民政局下发的模板",
    )
}

pub(crate) fn f04_copy_of(original: &str) -> Said {
    said(
        format!("与 {original} 内容完全相同，本文件未重复计入"),
        "如属重复发送可不予理会；如应为不同内容，请重新提交正确文件",
    )
}

pub(crate) fn f07_own_workbook(kind: &str) -> Said {
    said(
        format!("这是 guanai 生成的{kind}文件，不是镇（街道）报送的材料，未读取"),
        "无需处理；如要核查的是报送材料，请把报送的原文件放入文件夹（可把生成的结果文件移到别处）",
    )
}

pub(crate) fn f05_part_too_large(part: &str, mb: u64, limit_mb: u64) -> Said {
    said(
        format!("文件中的 {part} 解压后达 {mb} MB，超过 {limit_mb} MB 上限，未读取"),
        "请检查是否误填了大量空行或无关数据；确需报送请拆分为多个文件",
    )
}

pub(crate) fn f05_member_too_large(mb: u64, limit_mb: u64) -> Said {
    said(
        format!("压缩包中的这个文件解压后超过 {limit_mb} MB 上限（声明或实际约 {mb} MB），未解压；压缩包中的其他文件照常读取"),
        "请检查该文件是否误填了大量空行或无关数据；确需报送请拆分为多个文件",
    )
}

/// `cell`: the farthest cell as Excel names it ("IV65536").
pub(crate) fn f05_memory(sheet: &str, cell: &str, mb: u64, limit_mb: u64) -> Said {
    said(
        format!("工作表“{sheet}”含有或声明了远至 {cell} 的单元格，按此读取约需 {mb} MB 内存，超过 {limit_mb} MB 上限，整个文件未读取"),
        "请在 Excel 或 WPS 中删除数据区以外的空行空列（或把有用的数据复制到新工作簿）后另存为 .xlsx 重新提交",
    )
}

pub(crate) fn f05_too_many_rows(limit: u32) -> Said {
    said(format!("工作表数据超过 {limit} 行，未读取"), "请检查是否误填了大量空行或无关数据；确需报送请拆分为多个工作表")
}

/// `missing`: "镇（街道）和村（社区）", "镇（街道）" or "村（社区）".
/// `tried`: the sheet, file and folder names that were looked at, quoted and joined.
pub(crate) fn f06_place_unknown(missing: &str, tried: &str) -> Said {
    said(
        format!(
            "无法确定这一行所属的{missing}：本行该列为空，表头上方没有“镇（街道）：… （村）社区：…”行，{tried}中也没有已知的{missing}名称"
        ),
        format!(
            "请在本行填写{missing}，或在表头上方加一行“镇（街道）：××街道　（村）社区：××社区”，或以村（社区）名称命名工作表"
        ),
    )
}

pub(crate) fn f06_blank_under_filled() -> Said {
    said(
        "本行“村（社区）”为空，而上一行填写了村（社区）：不按上一行推断，以免计错村（社区）",
        "请在本行填写所属村（社区）；同一村（社区）的多行可合并单元格或逐行填写",
    )
}

// H — headers

/// `names`: the missing columns, quoted and joined.
pub(crate) fn h01_missing_columns(kind: &str, names: &str, header_row: u32) -> Said {
    said(
        format!("{kind}缺少必填列 {names}，整张表的数据行均未计入"),
        format!("请在第{header_row}行表头中加上 {names} 列并补填数据后重新提交"),
    )
}

// V — volunteers

/// `label`: 姓名 or 居住地址.
pub(crate) fn v01_empty(label: &str) -> Said {
    said(format!("{label}为空"), "请补填后重新提交")
}

pub(crate) fn v01_no_id() -> Said {
    said("身份证号码为空", "请补填18位身份证号码")
}

pub(crate) fn v02_invalid_id(why: String) -> Said {
    said(why, "请对照身份证核对号码后重新填写")
}

pub(crate) fn v03_id_as_number() -> Said {
    said(
        "身份证号码以数字格式保存，Excel 只保留15位有效数字，后几位已变成0，无法核对",
        "请把该列设为“文本”格式，重新录入完整的18位号码（或在号码前加英文单引号'）",
    )
}

pub(crate) fn v04_too_old(age: i32, max: i32, reference: NaiveDate) -> Said {
    said(
        format!("按身份证号码，截至{}已满{age}周岁，超过{max}周岁（通知要求{max}周岁以下）", day(reference)),
        "不能计为社会工作者，请从名单中删除或更换人员",
    )
}

pub(crate) fn v05_other_district(place: &str, district: &str) -> Said {
    said(format!("居住地址在{place}，不在{district}（通知要求居住在本辖区内）"), "不能计为社会工作者；如地址填错请更正")
}

pub(crate) fn v06_residence_unconfirmed(district: &str) -> Said {
    said(
        format!("居住地址中没有“{district}”或本区镇（街道）名称，无法确认居住在本区"),
        "请补全地址（写明区、镇街、村社区），确认居住在本区",
    )
}

/// V07: a current post of a village's organisation; `assumed` when no organisation was
/// written and the party post was read as the village's.
pub(crate) fn v07_cadre(value: &str, word: &str, assumed: bool) -> Said {
    let rule =
        "通知规定名单不含两委成员、村本土人才、五职干部，即现任村（社区）党组织、村（居）民委员会的书记、主任和委员等";
    if assumed {
        return said(
            format!("填写为“{value}”，未写明是哪个单位的{word}，按村（社区）党组织职务处理（{rule}）"),
            "如是企业、学校、医院等其他单位的职务，请在工作单位栏写明单位名称；如是本村（社区）的，请从名单中删除并另行补充",
        );
    }
    said(
        format!("填写为“{value}”，是现任村（社区）的{word}（{rule}），不得列入社会工作者名单"),
        "请从名单中删除，另行补充符合条件的人员；如已不再担任，请在备注中写明“原任”或“已卸任”",
    )
}

pub(crate) fn v08_on_exclusions_list(what: &str) -> Said {
    said(format!("此人在排除名单（{what}）中，按通知不得列入社会工作者名单"), "请从名单中删除，另行补充符合条件的人员")
}

pub(crate) fn v09_duplicate() -> Said {
    said("同一身份证号码在本村（社区）名单中重复出现，只计1人", "请删除重复的行")
}

pub(crate) fn v10_in_several_villages(count: usize, list: &str) -> Said {
    said(
        format!("同一身份证号码在{count}个村（社区）的名单中出现：{list}；在区民政局确定归属前不计入任何村（社区）"),
        "请与相关村（社区）核实，只保留在实际参与服务的一个村（社区）名单中",
    )
}

pub(crate) fn v11_no_phone() -> Said {
    said("联系电话为空", "请补填手机号码或固定电话")
}

pub(crate) fn v11_invalid_phone() -> Said {
    said("联系电话不是有效的手机号码（11位）或固定电话（7–8位，可带区号）", "请核对后重新填写")
}

pub(crate) fn v12_gender(written: &str, by_id: &str) -> Said {
    said(format!("性别填写为“{written}”，但身份证号码显示为{by_id}"), "请核对性别或身份证号码")
}

pub(crate) fn v12_birth(written: &str, by_id: NaiveDate) -> Said {
    said(format!("出生年月“{written}”与身份证号码中的出生日期 {} 不一致", day(by_id)), "请核对出生年月或身份证号码")
}

pub(crate) fn v13_too_young(age: i32, min: i32, reference: NaiveDate) -> Said {
    said(
        format!("截至{}未满{min}周岁（{age}周岁）", day(reference)),
        "仍计入人数；请确认未成年人参与服务已征得监护人同意",
    )
}

pub(crate) fn v14_other_township(other: &str, township: &str) -> Said {
    said(format!("居住地址在{other}，不是报送单位{township}"), "仍计入人数；请确认该人员是否在本镇（街道）参与服务")
}

// C — villages

pub(crate) fn c01_too_few(village: &str, valid: u32, minimum: u32, shortfall: u32) -> Said {
    said(
        format!("{village}有效社会工作者{valid}人，少于{minimum}人，缺{shortfall}人"),
        format!("请补充至少{shortfall}名符合条件的社会工作者（65周岁以下、居住在本区、非两委成员/本土人才/五职干部）"),
    )
}

/// Added to C01's message when the village was short in the recorded months before (§11).
pub(crate) fn c01_again(months: usize, which: &str) -> String {
    format!("；已连续{months}个月不达标（{which}）")
}

pub(crate) fn c02_no_list(village: &str, minimum: u32) -> Said {
    said(
        format!("{village}在区划名单中，但没有报送社会工作者名单（有效0人，需{minimum}人）"),
        "请督促该村（社区）按附件1格式报送名单",
    )
}

// R — visit records

/// `label`: the empty column's name (时间, 关爱方式 …).
pub(crate) fn r01_empty(label: &str) -> Said {
    said(format!("{label}为空"), "请补填后重新提交")
}

pub(crate) fn r02_unreadable_date(raw: &str) -> Said {
    said(format!("时间“{raw}”无法识别为一个日期"), "每行只填一个日期，如 2023-01-04 或 1月4日；一次服务多天请分行填写")
}

/// `why`: the two days a number like 1.1 may mean.
pub(crate) fn r02_ambiguous_date(why: &str) -> Said {
    said(format!("{why}，无法确定是哪一天"), "请把该列设为日期格式，填写完整日期，如 2023-01-10 或 1月10日")
}

pub(crate) fn r03_outside_period(date: NaiveDate, period: &str) -> Said {
    said(
        format!("日期 {} 不在考核期 {period} 内，保留在关爱记录中但不参与考核", day(date)),
        "如日期填错请更正；其他月份的记录请随当月材料报送",
    )
}

pub(crate) fn r04_future(date: NaiveDate, today: NaiveDate) -> Said {
    said(
        format!("日期 {} 晚于今天（{}），记录不能预先填写", day(date), day(today)),
        "请核对日期，只填写已开展的关爱服务",
    )
}

/// `why`: the reason a word is left out on purpose (微信, 短信), when the text has one.
pub(crate) fn r05_unknown_method(raw: &str, why: Option<&str>) -> Said {
    said(format!("关爱方式“{raw}”无法识别"), or_fix(why, "请填写“入户走访”或“电话联系”（视频通话按电话联系）"))
}

pub(crate) fn r06_unknown_category(words: &str, why: Option<&str>) -> Said {
    said(
        format!("关爱对象类型“{words}”无法识别"),
        or_fix(why, "请使用通知中的“九类”名称，如 独居老人、特困人员、农村留守儿童、低保对象"),
    )
}

pub(crate) fn r07_example_row() -> Said {
    said("这是模板中的示例行（“例：…”或“张三/XXXXXX”），未计入", "正式上报时请删除示例行")
}

pub(crate) fn r08_duplicate() -> Said {
    said("与前面一条记录完全相同（时间、方式、对象、类型、工作人员），只计1次", "请删除重复的行")
}

pub(crate) fn r09_not_in_ledger(name: &str, village_has_ledger: bool) -> Said {
    let message = if village_has_ledger {
        format!("{name}不在本村（社区）的关爱对象台账中，按记录中的类型考核")
    } else {
        format!("本村（社区）没有报送关爱对象台账，{name}按记录中的类型考核")
    };
    said(message, "请在关爱对象台账中登记该对象（类别、情形、关爱联系人）")
}

pub(crate) fn r10_category_not_in_ledger(category: &str, listed: &str) -> Said {
    said(
        format!("记录中的类型“{category}”不在台账登记的类别（{listed}）中，记录仍计入"),
        "请核对台账类别或记录中的对象类型",
    )
}

pub(crate) fn r11_no_worker() -> Said {
    said("未填写实施关爱工作人员（记录人）", "请补填实施关爱的工作人员姓名")
}

pub(crate) fn r12_month_day(raw: &str, date: NaiveDate) -> Said {
    said(
        format!("日期录入为数字 {raw}，按{}计入", date.format("%-m月%-d日")),
        "请把该列设为日期格式，填写为 2023-01-04 或 1月4日，以免 Excel 把 1.10 变成 1.1",
    )
}

// P — recipient ledgers

pub(crate) fn p01_no_name() -> Said {
    said("对象姓名为空", "请补填对象姓名")
}

pub(crate) fn p01_no_category() -> Said {
    said("对象类别为空", "请填写对象类别，如 独居老人、特困人员、低保对象")
}

pub(crate) fn p02_unknown_category(words: &str, why: Option<&str>) -> Said {
    said(
        format!("对象类别“{words}”无法识别"),
        or_fix(
            why,
            "请使用通知中的“九类”名称：独居老人、特困人员、孤儿、事实无人抚养儿童、农村留守儿童、低保对象、低保边缘对象、困难残疾人、生活无着流浪乞讨人员",
        ),
    )
}

/// `hint`: what else is wrong with the cell ("，且以数字格式保存已丢失精度"), or empty.
pub(crate) fn p03_invalid_id(why: &str, hint: &str) -> Said {
    said(format!("{why}{hint}"), "请核对身份证号码（该列设为文本格式）")
}

pub(crate) fn p04_no_situation() -> Said {
    said(
        "独居老人未填写情形（分散特困、失能、半失能、重病、重残、患病无自主采购能力或其他），按“其他独居老人”考核",
        "请补填独居老人情形，以便按正确频次考核",
    )
}

pub(crate) fn p04_no_ledger() -> Said {
    said(
        "本村（社区）没有关爱对象台账，独居老人的情形无从得知，均按“其他独居老人”考核",
        "请报送关爱对象台账并填写独居老人情形",
    )
}

/// `unknown`: the parts naming no situation; `assessed_as`: the rule basis used instead.
pub(crate) fn p08_unknown_situation(raw: &str, unknown: &str, assessed_as: &str) -> Said {
    said(
        format!("独居老人情形“{raw}”中的“{unknown}”不是通知中的情形，{assessed_as}"),
        "请按通知填写情形：分散特困、失能、半失能、重病、重残、患病无自主采购能力或其他；失能、重病等须入户探望的请务必写明",
    )
}

/// `age` by the ID number on the reference day; `category` and the age it requires.
pub(crate) fn p09_age_category(age: i32, category: &str, required: &str, on: &str) -> Said {
    said(
        format!("按身份证号码，此人{on}已满 {age} 周岁，而类别“{category}”应为{required}"),
        "请核对身份证号码和对象类别：身份证号码填错的请改正；类别不对的（如已成年的留守儿童）请改为实际类别或办理退出",
    )
}

pub(crate) fn p05_no_contact_person() -> Said {
    said("未指定关爱联系人（通知要求为每名对象指定关爱联系人）", "请填写关爱联系人及其电话")
}

pub(crate) fn p06_duplicate() -> Said {
    said("同一对象在本村（社区）台账中重复出现，按第一行计", "请删除重复的行，或合并为一行并列出全部类别")
}

pub(crate) fn p07_in_several_villages(count: usize, list: &str) -> Said {
    said(
        format!("同一身份证号码出现在{count}个村（社区）的台账中：{list}"),
        "请核实对象实际居住地，只在一个村（社区）台账中保留",
    )
}

// K — care frequency

/// `missed`: each missed rule with its units ("每周联系1次：4个考核单位中1个未达标").
pub(crate) fn k01_missed(missed: &str) -> Said {
    said(format!("关爱频次未达标（{missed}），明细见“关爱考核”"), "请督促关爱联系人按通知要求的频次联系，并及时记录")
}

pub(crate) fn k02_no_records(period: &str) -> Said {
    said(
        format!("{period}考核期内没有任何关爱记录"),
        "请按通知要求开展关爱服务并如实记录；如对象已退出请在台账中填写退出日期",
    )
}

// K03, K04 — across months (SPEC §11)

pub(crate) fn k03_missing(baseline: &str, only_in_logs: bool) -> Said {
    let logs = if only_in_logs { "（本期只出现在关爱记录中）" } else { "" };
    said(
        format!("{baseline}的台账中有此人且未退出，本期所有台账中都没有此人{logs}，也没有填写退出日期"),
        "请核实此人是否仍需关爱：仍需关爱的请补入本期台账并指定关爱联系人；已退出的请在台账中保留此人并填写退出日期",
    )
}

pub(crate) fn k03_no_ledger(baseline: &str, count: usize) -> Said {
    said(
        format!("本期没有报送关爱帮扶对象信息台账，{baseline}台账中的{count}名对象无法核对是否仍在关爱之中"),
        "请督促该镇（街道）报送本期关爱帮扶对象信息台账",
    )
}

pub(crate) fn k04_repeated(months: usize, which: &str) -> Said {
    said(
        format!("已连续{months}个月未达标（{which}）"),
        "请督促关爱联系人按通知要求的频次联系，并核实长期未达标的原因；必要时更换关爱联系人",
    )
}

// K05, K06 — registers against ledgers (SPEC §12)

/// `who`: "此人" or "户主张三一户"; `in_logs`: the person has visit records but no ledger row.
pub(crate) fn k05_not_in_ledger(category: &str, household: bool, in_logs: bool) -> Said {
    let who = if household { "该户户主" } else { "此人" };
    let logs = if in_logs { "（关爱记录中有此人的记录，但台账中没有）" } else { "" };
    let other = if household {
        "；如台账中登记的是该户其他成员，请在台账备注中写明户主姓名"
    } else {
        ""
    };
    said(
        format!("{category}名册中有{who}，本次所有关爱对象台账中都没有{logs}：没有为其指定关爱联系人，也无从考核关爱频次"),
        format!("请核实：仍属{category}的，请纳入关爱对象台账并指定关爱联系人；已退出、死亡或迁出的，请在民政系统中更新名册{other}"),
    )
}

pub(crate) fn k06_not_on_register(category: &str, township: &str) -> Said {
    said(
        format!("台账中此人的类别为{category}，但本次读入的{township}{category}名册中没有此人"),
        format!("请核实此人是否仍属{category}：已不属于的请改正台账中的类别；属于而名册中没有的，请报区民政局核对名册"),
    )
}

pub(crate) fn p02_register_category() -> Said {
    said(
        "无法确定此人在名册中的类别：名册没有类别列，标题和列名也没有说明是哪一类对象的名册",
        "请在名册中加一列“类别”，填写特困人员、低保对象、低保边缘对象、孤儿、事实无人抚养儿童或困难残疾人；或每个类别各导出一份名册，标题写明类别",
    )
}
