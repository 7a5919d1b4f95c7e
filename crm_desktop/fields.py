"""The field catalogue: every key that import, export, `--json`, reports and table columns use.

One place for each field's type, its English and Chinese display names, the header synonyms
that import matching recognises, and the codes of its choices. Qt-free; everyone reads it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    # text | longtext | phone | email | url | date | datetime | choice | tags | money | int | float | ref
    type: str
    en: str
    zh: str
    synonyms: tuple[str, ...] = ()
    readonly: bool = False
    required: bool = False
    max_len: int | None = None

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


# Display names of choice codes: field key -> code -> (en, zh).
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {"person": ("Person", "个人"), "company": ("Company", "公司")},
    "gender": {"male": ("Male", "男"), "female": ("Female", "女"), "other": ("Other", "其他")},
    "category": {
        "prospect": ("Prospect", "潜在客户"),
        "lead": ("Lead", "意向客户"),
        "customer": ("Customer", "成交客户"),
        "loyal": ("Loyal", "忠诚客户"),
        "advocate": ("Advocate", "推荐客户"),
    },
    "grade": {"A": ("A", "A"), "B": ("B", "B"), "C": ("C", "C"), "D": ("D", "D")},
    "preferred_channel": {
        "phone": ("Phone", "电话"),
        "wechat": ("WeChat", "微信"),
        "sms": ("SMS", "短信"),
        "email": ("Email", "邮件"),
        "visit": ("Visit", "上门"),
    },
    "deal_status": {"open": ("Open", "进行中"), "won": ("Won", "赢单"), "lost": ("Lost", "输单")},
    "service_status": {
        "open": ("Open", "待处理"),
        "in_progress": ("In progress", "处理中"),
        "resolved": ("Resolved", "已解决"),
        "closed": ("Closed", "已关闭"),
    },
}

LIFECYCLE = tuple(CHOICES["category"])  # prospect -> lead -> customer -> loyal -> advocate
GRADES = tuple(CHOICES["grade"])

CUSTOMER_FIELDS: tuple[Field, ...] = (
    Field(
        "id", "int", "ID", "编号", ("id", "客户编号", "客户id", "编号", "customer id", "index"), readonly=True
    ),
    Field(
        "name",
        "text",
        "Name",
        "姓名",
        (
            "name",
            "full name",
            "customer name",
            "contact name",
            "姓名",
            "客户姓名",
            "客户名称",
            "客户名",
            "名称",
            "联系人",
            "联系人姓名",
            "学员姓名",
            "学生姓名",
            "display name",
            "contact",
            "显示名称",
            "真实姓名",
            "会员姓名",
            "会员名称",
            "会员名",
            "顾客姓名",
            "客户全名",
            "全名",
            "联系人名称",
            "持卡人",
            "持卡人姓名",
            "name of customer",
            "customer full name",
            "contact person",
        ),
        required=True,
        max_len=200,
    ),
    Field(
        "kind",
        "choice",
        "Type",
        "类型",
        (
            "type",
            "kind",
            "is_company",
            "is company",
            "is a company",
            "是否公司",
            "客户类型",
            "类型",
            "个人/公司",
        ),
    ),
    Field(
        "company",
        "text",
        "Company",
        "公司",
        (
            "company",
            "company name",
            "company_name",
            "organization",
            "organisation",
            "org",
            "account",
            "公司",
            "公司名称",
            "单位",
            "工作单位",
            "所属公司",
            "企业",
            "企业名称",
            "related company",
            "parent id",
            "organization name",
            "organisation name",
            "organization 1 - name",
            "店名",
            "店铺",
            "店铺名称",
            "门店",
            "门店名称",
            "商户",
            "商户名称",
            "商家",
            "商家名称",
            "单位名称",
            "机构",
            "机构名称",
            "组织",
            "business name",
            "shop",
            "shop name",
            "store",
            "store name",
        ),
        max_len=200,
    ),
    Field(
        "title",
        "text",
        "Job title",
        "职位",
        (
            "title",
            "job title",
            "job position",
            "function",
            "position",
            "职位",
            "职务",
            "头衔",
            "岗位",
            "organization title",
            "organization 1 - title",
        ),
        max_len=100,
    ),
    Field(
        "phone",
        "phone",
        "Phone",
        "电话",
        (
            "phone",
            "mobile",
            "mobile phone",
            "cell",
            "cellphone",
            "telephone",
            "tel",
            "phone 1",
            "phone1",
            "phone number",
            "手机",
            "手机号",
            "手机号码",
            "电话",
            "电话号码",
            "联系电话",
            "联系方式",
            "移动电话",
            "移动电话号码",
            "手机号码1",
            "会员手机",
            "会员手机号",
            "客户手机",
            "客户电话",
            "mobile number",
            "mobile phone number",
            "cell phone",
            "primary phone",
            "主要电话",
            "home mobile",
            "iphone",
            "phone 1 - value",
            "电话1",
            "手机1",
        ),
        max_len=50,
    ),
    Field(
        "alt_phone",
        "phone",
        "Other phone",
        "备用电话",
        (
            "phone 2",
            "phone2",
            "other phone",
            "alt phone",
            "alternative phone",
            "work phone",
            "home phone",
            "landline",
            "fax",
            "备用电话",
            "座机",
            "固定电话",
            "办公电话",
            "其他电话",
            "电话2",
            "手机2",
            "work phone",
            "工作电话",
            "business phone",
            "商务电话",
            "company main phone",
            "单位主要电话",
            "home phone",
            "家庭电话",
            "住宅电话",
            "car phone",
            "车载电话",
            "assistant's phone",
            "助理的电话",
            "other phone",
            "radio phone",
            "无线电话",
            "callback",
            "回电话",
            "phone 2 - value",
            "mobile 2",
            "secondary phone",
        ),
        max_len=50,
    ),
    Field(
        "email",
        "email",
        "Email",
        "邮箱",
        (
            "email",
            "e-mail",
            "email address",
            "e-mail address",
            "mail",
            "邮箱",
            "电子邮箱",
            "电子邮件",
            "邮件",
            "email地址",
            "邮箱地址",
            "电子邮件地址",
            "主要电子邮件",
            "备用电子邮件",
            "primary email",
            "secondary email",
            "email 1",
            "e-mail 1 - value",
            "e-mail 2 - value",
            "email home",
            "email work",
            "email other",
            "home email",
            "work email",
            "other email",
            "e-mail 2 address",
            "e-mail 3 address",
            "电子邮件 2 地址",
            "电子邮件 3 地址",
        ),
        max_len=254,
    ),
    Field(
        "wechat", "text", "WeChat", "微信", ("wechat", "weixin", "wechat id", "微信", "微信号"), max_len=100
    ),
    Field(
        "website",
        "url",
        "Website",
        "网站",
        (
            "website",
            "web",
            "url",
            "homepage",
            "home page",
            "web page",
            "web page 1",
            "web page 2",
            "网页",
            "网页 1",
            "网页 2",
            "网站",
            "网址",
            "主页",
            "个人网页",
            "website 1 - value",
            "website home page",
            "website work",
            "website blog",
            "website profile",
            "website other",
        ),
        max_len=300,
    ),
    Field("gender", "choice", "Gender", "性别", ("gender", "sex", "性别")),
    Field(
        "birthday",
        "date",
        "Birthday",
        "生日",
        (
            "birthday",
            "birth date",
            "date of birth",
            "dob",
            "生日",
            "出生日期",
            "出生年月",
            "出生年月日",
            "会员生日",
        ),
    ),
    Field(
        "country",
        "text",
        "Country",
        "国家",
        (
            "country",
            "nation",
            "国家",
            "国家/地区",
            "country/region",
            "business country/region",
            "business country",
            "home country/region",
            "home country",
            "work country",
            "商务地址 国家/地区",
            "住宅地址 国家/地区",
            "工作所在国家/地区",
            "家庭所在国家/地区",
            "address 1 - country",
        ),
        max_len=100,
    ),
    Field(
        "city",
        "text",
        "City",
        "城市",
        (
            "city",
            "town",
            "城市",
            "所在城市",
            "市",
            "市/县",
            "business city",
            "work city",
            "home city",
            "商务地址 市/县",
            "住宅地址 市/县",
            "工作所在市/县",
            "家庭所在市/县",
            "address 1 - city",
        ),
        max_len=100,
    ),
    Field(
        "address",
        "text",
        "Address",
        "地址",
        (
            "address",
            "street",
            "street address",
            "地址",
            "详细地址",
            "联系地址",
            "通讯地址",
            "住址",
            "街道",
            "门店地址",
            "店铺地址",
            "business street",
            "business address",
            "work address",
            "home street",
            "home address",
            "商务地址 街道",
            "住宅地址 街道",
            "商务地址",
            "住宅地址",
            "工作地址",
            "家庭地址",
            "address 1 - street",
        ),
        max_len=500,
    ),
    Field(
        "postcode",
        "text",
        "Postcode",
        "邮编",
        (
            "postcode",
            "zip",
            "zip code",
            "zipcode",
            "postal code",
            "邮编",
            "邮政编码",
            "business postal code",
            "work zip",
            "work zipcode",
            "home postal code",
            "home zip",
            "home zipcode",
            "商务地址 邮政编码",
            "住宅地址 邮政编码",
            "工作邮政编码",
            "家庭邮政编码",
            "address 1 - postal code",
        ),
        max_len=20,
    ),
    Field(
        "source",
        "text",
        "Source",
        "来源",
        ("source", "lead source", "channel", "来源", "客户来源", "渠道", "获客渠道"),
        max_len=100,
    ),
    Field(
        "category",
        "choice",
        "Lifecycle",
        "客户阶段",
        (
            "category",
            "lifecycle",
            "lifecycle stage",
            "status",
            "客户阶段",
            "客户状态",
            "生命周期",
            "客户分类",
        ),
    ),
    Field(
        "grade",
        "choice",
        "Grade",
        "等级",
        ("grade", "rating", "value grade", "level", "等级", "客户等级", "级别", "价值等级"),
    ),
    Field("tags", "tags", "Tags", "标签", ("tags", "tag", "labels", "标签", "客户标签")),
    Field(
        "preferred_channel",
        "choice",
        "Preferred channel",
        "首选联系方式",
        ("preferred channel", "preferred contact", "首选联系方式", "联系偏好"),
    ),
    # A student's parent or guardian (a school's front desk calls them, not the child).
    Field(
        "guardian_name",
        "text",
        "Guardian",
        "家长姓名",
        (
            "guardian",
            "guardian name",
            "parent",  # Odoo's `parent_id` is a company: listed under company, matched first
            "parent name",
            "parent/guardian",
            "家长",
            "家长姓名",
            "监护人",
            "监护人姓名",
            "家长名字",
        ),
        max_len=200,
    ),
    Field(
        "guardian_relation",
        "text",
        "Relation to student",
        "与学员关系",
        (
            "relation",
            "relationship",
            "guardian relation",
            "guardian relationship",
            "relation to student",
            "与学员关系",
            "与学生关系",
            "家长关系",
            "联系人关系",
            "关系",
        ),
        max_len=50,
    ),
    Field(
        "guardian_phone",
        "phone",
        "Guardian phone",
        "家长电话",
        (
            "guardian phone",
            "parent phone",
            "parent's phone",
            "parent mobile",
            "家长电话",
            "家长手机",
            "家长手机号",
            "家长联系电话",
            "监护人电话",
            "监护人手机",
        ),
        max_len=50,
    ),
    Field(
        "notes",
        "longtext",
        "Notes",
        "备注",
        (
            "notes",
            "note",
            "comment",
            "comments",
            "remarks",
            "description",
            "备注",
            "说明",
            "附注",
            "注释",
            "备忘",
        ),
        max_len=20000,
    ),
    Field(
        "created_at",
        "datetime",
        "Created",
        "创建时间",
        (
            "created",
            "created at",
            "subscription date",
            "date added",
            "创建时间",
            "创建日期",
            "录入时间",
            "登记日期",
        ),
    ),
    Field(
        "updated_at",
        "datetime",
        "Updated",
        "更新时间",
        ("updated", "updated at", "last modified", "更新时间", "修改时间"),
        readonly=True,
    ),
    # The purchase figures are worked out from the won deals; an import may still bring a
    # customer's past purchases in (as one opening "imported history" deal, `exchange.history`).
    Field(
        "total_spent",
        "money",
        "Total spent",
        "累计消费",
        (
            "total spent",
            "total spend",
            "total purchases",
            "累计消费",
            "累计消费(元)",
            "累计消费金额",
            "消费金额",
            "消费总额",
            "消费总金额",
            "累计金额",
        ),
        readonly=True,
    ),
    Field(
        "purchase_count",
        "int",
        "Purchases",
        "购买次数",
        ("purchase count", "purchases", "orders", "order count", "number of orders", "购买次数", "消费次数"),
        readonly=True,
    ),
    Field(
        "last_purchase_at",
        "datetime",
        "Last purchase",
        "最近购买",
        (
            "last purchase",
            "last purchase date",
            "last order",
            "last order date",
            "最近购买",
            "最近消费",
            "最近消费日期",
            "最近消费时间",
            "最后消费时间",
            "最后消费日期",
        ),
        readonly=True,
    ),
    Field(
        "last_contact_at", "datetime", "Last contact", "最近联系", ("last contact", "最近联系"), readonly=True
    ),
    Field(
        "next_follow_up_at",
        "datetime",
        "Next follow-up",
        "下次跟进",
        ("next follow-up", "下次跟进"),
        readonly=True,
    ),
    Field(
        "open_service_count", "int", "Open service", "未结服务", ("open service", "未结服务"), readonly=True
    ),
    Field("avg_satisfaction", "float", "Satisfaction", "满意度", ("satisfaction", "满意度"), readonly=True),
)

# A customer reference in another kind's file: by id, or by name/phone/email.
_CUSTOMER_REF = (
    Field(
        "customer_id", "ref", "Customer ID", "客户编号", ("customer id", "customer_id", "客户编号", "客户id")
    ),
    Field(
        "customer",
        "text",
        "Customer",
        "客户",
        ("customer", "customer name", "name", "contact", "客户", "客户姓名", "客户名称", "姓名", "联系人"),
    ),
    Field(
        "customer_phone",
        "phone",
        "Customer phone",
        "客户电话",
        ("phone", "mobile", "customer phone", "手机", "电话", "客户电话", "联系电话"),
    ),
)

FOLLOW_UP_FIELDS: tuple[Field, ...] = (
    Field("id", "int", "ID", "编号", ("id", "编号"), readonly=True),
    *_CUSTOMER_REF,
    Field("kind", "choice", "Kind", "方式", ("kind", "type", "method", "方式", "跟进方式", "类型")),
    Field(
        "subject",
        "text",
        "Subject",
        "主题",
        ("subject", "title", "topic", "主题", "内容", "跟进内容", "事项"),
        max_len=200,
    ),
    Field(
        "due_at",
        "datetime",
        "Due",
        "计划时间",
        ("due", "due at", "due date", "date", "planned", "计划时间", "跟进时间", "日期", "时间"),
        required=True,
    ),
    Field(
        "done_at", "datetime", "Done", "完成时间", ("done", "done at", "completed", "完成时间", "完成日期")
    ),
    Field("outcome", "longtext", "Outcome", "结果", ("outcome", "result", "结果", "跟进结果"), max_len=5000),
    Field("notes", "longtext", "Notes", "备注", ("notes", "note", "备注"), max_len=5000),
    Field("created_at", "datetime", "Created", "创建时间", ("created", "创建时间"), readonly=True),
)

DEAL_FIELDS: tuple[Field, ...] = (
    Field("id", "int", "ID", "编号", ("id", "编号"), readonly=True),
    *_CUSTOMER_REF,
    Field(
        "title",
        "text",
        "Title",
        "名称",
        ("title", "deal", "deal name", "opportunity", "名称", "商机", "商机名称", "项目"),
        required=True,
        max_len=200,
    ),
    Field(
        "amount",
        "money",
        "Amount",
        "金额",
        ("amount", "value", "deal value", "price", "金额", "成交金额", "预计金额", "价格"),
        required=False,
    ),
    Field("stage", "choice", "Stage", "阶段", ("stage", "deal stage", "pipeline stage", "阶段", "销售阶段")),
    Field("status", "choice", "Status", "状态", ("status", "状态")),
    Field(
        "expected_close",
        "date",
        "Expected close",
        "预计成交",
        ("expected close", "close date", "expected close date", "预计成交", "预计成交日期"),
    ),
    Field(
        "closed_at",
        "datetime",
        "Closed",
        "结束时间",
        ("closed", "closed at", "won date", "结束时间", "成交时间"),
    ),
    Field(
        "close_reason",
        "text",
        "Reason",
        "原因",
        ("reason", "close reason", "lost reason", "原因", "输单原因", "赢单原因"),
        max_len=500,
    ),
    Field(
        "products",
        "longtext",
        "Products",
        "产品",
        ("products", "product", "items", "产品", "商品", "课程"),
        max_len=5000,
    ),
    Field("notes", "longtext", "Notes", "备注", ("notes", "note", "备注"), max_len=5000),
    Field("created_at", "datetime", "Created", "创建时间", ("created", "创建时间")),
)

SERVICE_FIELDS: tuple[Field, ...] = (
    Field("id", "int", "ID", "编号", ("id", "编号"), readonly=True),
    *_CUSTOMER_REF,
    Field("kind", "choice", "Kind", "类型", ("kind", "type", "类型", "服务类型")),
    Field(
        "subject",
        "text",
        "Subject",
        "主题",
        ("subject", "title", "issue", "主题", "问题", "事项"),
        required=True,
        max_len=200,
    ),
    Field(
        "description",
        "longtext",
        "Description",
        "描述",
        ("description", "details", "描述", "详情", "问题描述"),
        max_len=20000,
    ),
    Field("status", "choice", "Status", "状态", ("status", "状态")),
    Field(
        "opened_at",
        "datetime",
        "Opened",
        "登记时间",
        ("opened", "opened at", "date", "登记时间", "日期", "创建时间"),
    ),
    Field("resolved_at", "datetime", "Resolved", "解决时间", ("resolved", "resolved at", "解决时间")),
    Field(
        "resolution",
        "longtext",
        "Resolution",
        "处理结果",
        ("resolution", "处理结果", "解决方案"),
        max_len=20000,
    ),
    Field(
        "satisfaction", "int", "Satisfaction", "满意度", ("satisfaction", "rating", "score", "满意度", "评分")
    ),
)

# Headers that address books and shop lists write for something without a field of its own
# (an honorific, a middle name, a department, a province, a fax): their values are kept in the
# customer's notes ("导入时未识别：称谓 先生"), never dropped. `Title` is the honorific only when the
# file also has a job-title column (Outlook's and Odoo's `Title` is Mr/Ms; elsewhere it is the job).
KEPT_HEADERS: tuple[str, ...] = (
    "称谓",
    "尊称",
    "name prefix",
    "prefix",
    "salutation",
    "suffix",
    "name suffix",
    "后缀",
    "middle name",
    "中间名",
    "additional name",
    "nickname",
    "昵称",
    "short name",
    "maiden name",
    "initials",
    "screen name",
    "屏幕名",
    "department",
    "部门",
    "organization department",
    "organization 1 - department",
    "organization 1 - job description",
    "state",
    "province",
    "region",
    "省",
    "省份",
    "所在省份",
    "省/市/自治区",
    "business state",
    "work state",
    "home state",
    "商务地址 省/市/自治区",
    "住宅地址 省/市/自治区",
    "工作所在省/市/自治区",
    "家庭所在省/市/自治区",
    "address 1 - region",
    "address 1 - po box",
    "address 1 - extended address",
    "fax number",
    "传真",
    "传真号码",
    "business fax",
    "home fax",
    "other fax",
    "商务传真",
    "住宅传真",
    "其他传真",
    "pager",
    "pager number",
    "寻呼机",
    "寻呼机号码",
    "anniversary",
    "纪念日",
    "spouse",
    "配偶",
    "manager's name",
    "经理姓名",
    "assistant's name",
    "助理姓名",
    "custom 1",
    "自定义 1",
    "group membership",
    "categories",
    "类别",
    "车型",
    "车牌",
    "车牌号",
)
# Headers that only describe a neighbouring column (which phone `Phone 1 - Value` is, the
# display name Outlook repeats beside an address): read to place that value, not imported.
DESCRIBING_HEADERS: tuple[str, ...] = (
    "e-mail type",
    "e-mail display name",
    "e-mail 2 type",
    "e-mail 2 display name",
    "e-mail 3 type",
    "e-mail 3 display name",
    "电子邮件类型",
    "电子邮件显示名称",
    "电子邮件 2 类型",
    "电子邮件 2 显示名称",
    "电子邮件 3 类型",
    "电子邮件 3 显示名称",
)
# A member's card number is worth its own field: it becomes a custom field named by its header.
CUSTOM_HEADERS: tuple[str, ...] = (
    "会员卡号",
    "会员编号",
    "卡号",
    "会员卡",
    "member card",
    "membership number",
)
# A birthday written in three columns (Thunderbird: Birth Year, Birth Month, Birth Day).
BIRTHDAY_PARTS: dict[str, tuple[str, ...]] = {
    "year": ("birth year", "出生年份", "出生年"),
    "month": ("birth month", "出生月份", "出生月"),
    "day": ("birth day", "出生日"),
}

# Figures an import can fill in: a customer's purchase history from an earlier system.
HISTORY_KEYS = ("total_spent", "purchase_count", "last_purchase_at")

CATALOGUES: dict[str, tuple[Field, ...]] = {
    "customers": CUSTOMER_FIELDS,
    "follow-ups": FOLLOW_UP_FIELDS,
    "deals": DEAL_FIELDS,
    "service": SERVICE_FIELDS,
}

_BY_KEY = {kind: {f.key: f for f in fields} for kind, fields in CATALOGUES.items()}


def format_money(value: float | None) -> str:
    """An amount as every screen, report and list shows it: thousands separated, two decimals
    (12,345.60), no currency sign. The one place for it."""
    return f"{value or 0:,.2f}"


def get_field(kind: str, key: str) -> Field:
    """The catalogue entry `key` of record kind `kind` (`customers`, `follow-ups`, `deals`, `service`)."""
    return _BY_KEY[kind][key]


def customer_field(key: str) -> Field:
    return _BY_KEY["customers"][key]


def field_label(key: str, lang: str, kind: str | None = None) -> str:
    """The display name of field `key` in `lang` (looked up in `kind` first, then customers,
    then the other record kinds); a custom field shows its own name, an unknown key itself."""
    if key.startswith(CUSTOM_PREFIX):
        return key[len(CUSTOM_PREFIX) :]
    kinds = ([kind] if kind in _BY_KEY else []) + list(_BY_KEY)
    for name in kinds:
        found = _BY_KEY[name].get(key)
        if found is not None:
            return found.label(lang)
    return key


def choice_label(field_key: str, code: str | None, lang: str) -> str:
    """The display name of a choice code, or the code itself when it has none."""
    if code is None:
        return ""
    entry = CHOICES.get(field_key, {}).get(code)
    if entry is None:
        return code
    return entry[1] if lang == "zh" else entry[0]


CUSTOM_PREFIX = "custom."
