"""Word pools for demo data: names, places, products and phrases in Chinese and English.

Kept apart from `services.demo` so that the generator reads as logic, not as lists.
Surnames are weighted roughly by how common they are, so a demo list looks like a real one
(many 王, 李, 张; a few 欧阳).
"""

from __future__ import annotations

# (surname, weight): the most common Chinese surnames, weights ~ share of the population.
ZH_SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 72), ("李", 70), ("张", 68), ("刘", 53), ("陈", 46), ("杨", 31), ("黄", 23), ("赵", 20),
    ("吴", 20), ("周", 19), ("徐", 15), ("孙", 14), ("马", 13), ("朱", 13), ("胡", 12), ("郭", 11),
    ("何", 10), ("林", 10), ("高", 10), ("罗", 9), ("郑", 9), ("梁", 8), ("谢", 7), ("宋", 6),
    ("唐", 6), ("许", 6), ("韩", 6), ("冯", 5), ("邓", 5), ("曹", 5), ("彭", 5), ("曾", 5),
    ("肖", 5), ("田", 5), ("董", 4), ("袁", 4), ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4),
    ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3),
    ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3),
    ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 2), ("贾", 2), ("夏", 2),
    ("韦", 2), ("方", 2), ("白", 2), ("邹", 2), ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2),
    ("江", 2), ("尹", 2), ("薛", 2), ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2),
    ("陶", 1), ("黎", 1), ("贺", 1), ("顾", 1), ("毛", 1), ("郝", 1), ("龚", 1), ("邵", 1),
    ("万", 1), ("钱", 1), ("严", 1), ("武", 1), ("戴", 1), ("孔", 1), ("汤", 1), ("欧阳", 1),
    ("司马", 1), ("上官", 1),
)  # fmt: skip

# fmt: off
ZH_GIVEN_MALE = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "建华", "建国", "志强", "志明", "海涛", "国强", "文博", "子轩", "浩然", "宇航", "俊杰", "晓东", "家豪", "一鸣", "天宇", "博文", "思远", "振宇", "明轩", "皓轩", "泽宇", "晨阳", "国栋", "永刚", "德华", "春生", "立新", "学军"]
ZH_GIVEN_FEMALE = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "莹", "倩", "琳", "颖", "洁", "萍", "红", "梅", "琴", "蕾", "欣", "悦", "璐", "佳", "薇", "秀英", "桂英", "秀兰", "丽娟", "晓燕", "海燕", "雅琪", "欣怡", "梓涵", "诗涵", "雨欣", "子涵", "思琪", "佳怡", "静怡", "梦瑶", "晓红", "春梅", "丽华", "玉兰", "美玲", "婉婷", "嘉欣", "若曦", "语嫣", "紫萱"]

EN_FIRST_MALE = ["James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew", "Joshua", "Kevin", "Brian", "George", "Edward", "Ryan", "Jacob", "Gary", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Benjamin", "Samuel", "Gregory", "Frank", "Patrick", "Raymond", "Jack", "Dennis", "Tyler", "Aaron", "Henry", "Peter", "Oliver", "Liam", "Noah", "Ethan", "Lucas", "Mason"]
EN_FIRST_FEMALE = ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Lisa", "Nancy", "Betty", "Sandra", "Margaret", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Amy", "Kathleen", "Angela", "Shirley", "Anna", "Brenda", "Emma", "Olivia", "Sophia", "Isabella", "Charlotte", "Amelia", "Harper", "Grace", "Chloe", "Lily", "Hannah", "Zoe", "Ella", "Nora"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Chen", "Wong", "Nguyen"]
# fmt: on

# (city, postcode prefix, districts)
ZH_CITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("北京", "100", ("朝阳区", "海淀区", "东城区", "西城区", "丰台区")),
    ("上海", "200", ("浦东新区", "徐汇区", "静安区", "黄浦区", "闵行区")),
    ("广州", "510", ("天河区", "越秀区", "海珠区", "白云区")),
    ("深圳", "518", ("南山区", "福田区", "罗湖区", "宝安区", "龙岗区")),
    ("杭州", "310", ("西湖区", "上城区", "拱墅区", "滨江区")),
    ("成都", "610", ("锦江区", "武侯区", "青羊区", "高新区")),
    ("武汉", "430", ("江汉区", "武昌区", "洪山区", "江岸区")),
    ("南京", "210", ("鼓楼区", "玄武区", "秦淮区", "建邺区")),
    ("西安", "710", ("雁塔区", "碑林区", "未央区", "莲湖区")),
    ("重庆", "400", ("渝中区", "江北区", "南岸区", "沙坪坝区")),
    ("苏州", "215", ("姑苏区", "工业园区", "吴中区")),
    ("天津", "300", ("和平区", "南开区", "河西区")),
    ("长沙", "410", ("岳麓区", "芙蓉区", "天心区")),
    ("郑州", "450", ("金水区", "二七区", "中原区")),
    ("青岛", "266", ("市南区", "市北区", "崂山区")),
    ("厦门", "361", ("思明区", "湖里区", "集美区")),
    ("宁波", "315", ("海曙区", "鄞州区", "江北区")),
    ("合肥", "230", ("蜀山区", "包河区", "庐阳区")),
    ("昆明", "650", ("五华区", "盘龙区", "官渡区")),
    ("大连", "116", ("中山区", "沙河口区", "甘井子区")),
)
# fmt: off
ZH_AREA_CODES = {
    "北京": "010", "上海": "021", "广州": "020", "深圳": "0755", "杭州": "0571", "成都": "028",
    "武汉": "027", "南京": "025", "西安": "029", "重庆": "023", "苏州": "0512", "天津": "022",
    "长沙": "0731", "郑州": "0371", "青岛": "0532", "厦门": "0592", "宁波": "0574", "合肥": "0551",
    "昆明": "0871", "大连": "0411",
}
ZH_ROADS = ["人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路", "文化路", "朝阳路", "胜利路", "东风路", "光明路", "幸福路", "青年路", "滨江大道", "世纪大道", "科技路", "学府路", "花园路"]
ZH_COMPANY_WORDS = ["华信", "恒达", "鑫源", "中科", "腾飞", "永盛", "宏图", "金桥", "博远", "天成", "瑞丰", "汇通", "嘉禾", "新锐", "东方", "联创", "安泰", "盛世", "远航", "卓越", "海纳", "启明", "正元", "云帆"]
ZH_INDUSTRIES = ["科技", "贸易", "实业", "电子", "文化传媒", "建材", "物流", "餐饮管理", "信息技术", "教育咨询", "医疗器械", "装饰工程"]
ZH_TITLES = ["总经理", "采购经理", "行政主管", "财务", "销售总监", "技术负责人", "店长", "办公室主任", "项目经理", "董事长"]
# fmt: on

EN_CITIES: tuple[tuple[str, str, str], ...] = (
    ("London", "United Kingdom", "SW1A"),
    ("Manchester", "United Kingdom", "M1"),
    ("New York", "United States", "100"),
    ("San Francisco", "United States", "941"),
    ("Chicago", "United States", "606"),
    ("Toronto", "Canada", "M5V"),
    ("Sydney", "Australia", "2000"),
    ("Melbourne", "Australia", "3000"),
    ("Singapore", "Singapore", "01"),
    ("Dublin", "Ireland", "D02"),
    ("Auckland", "New Zealand", "1010"),
    ("Boston", "United States", "021"),
)
# fmt: off
EN_STREETS = ["High Street", "Station Road", "Main Street", "Park Avenue", "Church Lane", "Mill Road", "Oak Drive", "King Street", "Queen's Road", "Elm Street"]
EN_COMPANY_WORDS = ["Acme", "Northwind", "Blue", "Ridge", "Summit", "Harbor", "Pinnacle", "Evergreen", "Redwood", "Silverline", "Brightpath", "Keystone", "Meridian", "Oakfield", "Riverside", "Sterling", "Vertex"]
EN_INDUSTRIES = ["Trading", "Consulting", "Logistics", "Systems", "Media", "Foods", "Supplies", "Engineering", "Labs", "Partners"]
EN_TITLES = ["Owner", "Purchasing Manager", "Office Manager", "CFO", "Sales Director", "IT Lead", "Store Manager", "Operations Manager", "Project Manager", "CEO"]

ZH_MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158", "159", "166", "176", "177", "180", "181", "182", "185", "186", "187", "188", "189", "198", "199"]
ZH_MAIL_DOMAINS = (("qq.com", 45), ("163.com", 25), ("126.com", 10), ("sina.com", 5), ("gmail.com", 5), ("foxmail.com", 5))
EN_MAIL_DOMAINS = (("gmail.com", 40), ("outlook.com", 20), ("yahoo.com", 10), ("icloud.com", 10), ("hotmail.com", 10))
# fmt: on

TAGS = {
    "zh": ("VIP", "老客户", "会员", "团购", "意向强", "待回访", "价格敏感", "转介绍", "大客户", "节日活动"),
    "en": ("VIP", "returning", "member", "wholesale", "hot lead", "call back", "price-sensitive", "referrer", "key account", "holiday promo"),
}  # fmt: skip

# Short free-text notes on the customer record.
CUSTOMER_NOTES = {
    "zh": (
        "喜欢简约款式，偏好灰色和黑色。",
        "周末下午方便联系，工作日请发微信。",
        "对价格比较敏感，关注促销活动。",
        "老客户介绍来的，注意服务态度。",
        "孩子在上小学三年级，关注周末班。",
        "需要开具增值税专用发票。",
        "希望送货上门，地址在小区北门。",
        "上次反馈售后响应慢，需重点跟进。",
        "决策人是其配偶，需要一起沟通。",
        "春节前有集中采购需求。",
    ),
    "en": (
        "Prefers simple designs in grey or black.",
        "Best reached on weekend afternoons; text on weekdays.",
        "Price-sensitive, watches for promotions.",
        "Referred by a long-time customer.",
        "Child is in year 3, interested in weekend classes.",
        "Needs a VAT invoice for every order.",
        "Wants home delivery; use the north gate.",
        "Complained about slow after-sales last time; follow up closely.",
        "Spouse makes the decision; include them in calls.",
        "Buys in bulk before the holidays.",
    ),
}

NOTE_BODIES = {
    "zh": ("电话沟通，客户表示下月再考虑。", "已发送最新价目表。", "客户到店看样品，比较满意。", "约好下周二上门拜访。", "客户询问分期付款方式。", "已加微信，发送了产品资料。"),
    "en": ("Called; will decide next month.", "Sent the latest price list.", "Came in to see samples; liked them.", "Visit booked for next Tuesday.", "Asked about paying in instalments.", "Sent the brochure by email."),
}  # fmt: skip

FOLLOW_UP_SUBJECTS = {
    "zh": ("回访使用情况", "介绍新品", "确认需求", "报价跟进", "邀请参加活动", "生日问候", "续费提醒", "售后回访", "约见面时间"),
    "en": ("Check how it is going", "Introduce new products", "Confirm needs", "Follow up on the quote", "Invite to an event", "Birthday greeting", "Renewal reminder", "After-sales check", "Book a meeting"),
}  # fmt: skip
FOLLOW_UP_OUTCOMES = {
    "zh": ("客户很满意，下月再联系。", "没有接通，稍后再打。", "客户有意向，已发报价。", "暂时不需要。", "约好到店时间。", "已解决客户疑问。"),
    "en": ("Happy; call again next month.", "No answer; try again later.", "Interested; quote sent.", "No need for now.", "Agreed a time to come in.", "Answered their questions."),
}  # fmt: skip

# Products / courses / services per business, (zh, en, typical amount).
PRODUCTS = {
    "shop": (
        ("羊毛大衣", "Wool coat", 1280),
        ("运动鞋", "Running shoes", 699),
        ("真丝围巾", "Silk scarf", 399),
        ("皮质手袋", "Leather handbag", 1580),
        ("保温杯套装", "Travel mug set", 168),
        ("护肤礼盒", "Skin-care gift box", 520),
        ("蓝牙耳机", "Wireless earbuds", 899),
        ("茶叶礼盒", "Tea gift box", 368),
    ),
    "school": (
        ("少儿英语（48课时）", "Kids' English (48 lessons)", 6800),
        ("钢琴一对一（24课时）", "Piano 1:1 (24 lessons)", 7200),
        ("少儿编程（36课时）", "Kids' coding (36 lessons)", 5400),
        ("美术启蒙（30课时）", "Art basics (30 lessons)", 3600),
        ("数学思维（40课时）", "Maths thinking (40 lessons)", 4800),
        ("暑期集训营", "Summer camp", 3980),
    ),
    "office": (
        ("年度IT运维服务", "Annual IT support", 48000),
        ("办公软件授权", "Office software licences", 26000),
        ("网络设备升级", "Network upgrade", 85000),
        ("数据备份方案", "Backup solution", 32000),
        ("员工培训项目", "Staff training", 18000),
        ("定制开发项目", "Custom development", 150000),
    ),
}

# What a service record of each kind (the business presets' service kinds) is about, and how
# it was resolved: a repair is not about a class time. Kinds not listed use "consultation".
SERVICE_BY_KIND: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "zh": {
        "consultation": (("咨询使用方法", "询问保修政策", "咨询会员积分", "发票问题"), ("已电话指导，问题解决。", "已发送使用说明。", "已开具发票。")),
        "repair": (("产品出现故障", "屏幕不亮", "拉链坏了", "无法开机"), ("已更换新品。", "已修复并测试正常。", "已寄回厂家维修。")),
        "return": (("申请退换货", "尺码不合适", "颜色与图片不符"), ("已办理退款。", "已换货。")),
        "complaint": (("对服务不满意", "等待时间太长", "店员态度问题"), ("已致歉并赠送优惠券。", "已回访，客户表示理解。")),
        "class": (("课程时间调整", "课堂表现反馈", "作业问题"), ("已安排调课。", "已与家长沟通。")),
        "makeup": (("请假需要补课", "补课时间安排"), ("已安排补课。",)),
        "refund": (("申请退费", "转班差价"), ("已按规定办理退费。", "已退还差价。")),
        "support": (("系统无法登录", "打印机无法连接", "软件报错"), ("已远程处理完毕。", "已重置账户。")),
        "maintenance": (("需要上门维护", "定期巡检", "设备保养"), ("工程师上门处理完毕。", "巡检完成，设备正常。")),
    },
    "en": {
        "consultation": (("How to use it", "Warranty question", "Loyalty points", "Invoice question"), ("Talked them through it on the phone.", "Sent the instructions.", "Invoice issued.")),
        "repair": (("Product fault", "Screen stays dark", "Broken zip", "Will not switch on"), ("Replaced with a new one.", "Repaired and tested.", "Sent to the maker for repair.")),
        "return": (("Return or exchange", "Wrong size", "Colour not as pictured"), ("Refunded.", "Exchanged.")),
        "complaint": (("Unhappy with service", "Waited too long", "Rude staff"), ("Apologised and sent a voucher.", "Called back; customer satisfied.")),
        "class": (("Change class time", "Feedback on class", "Homework question"), ("Moved to another class.", "Talked with the parents.")),
        "makeup": (("Missed a class", "Make-up time"), ("Make-up class booked.",)),
        "refund": (("Fee refund", "Class change difference"), ("Refunded as per terms.", "Difference refunded.")),
        "support": (("Cannot log in", "Printer not connecting", "Software error"), ("Fixed remotely.", "Account reset.")),
        "maintenance": (("On-site maintenance", "Regular inspection", "Equipment service"), ("Engineer fixed it on site.", "Inspected; all working.")),
    },
}  # fmt: skip
