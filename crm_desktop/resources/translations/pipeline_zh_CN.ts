<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CloseDealDialog</name>
    <message>
        <source>Deal won</source>
        <translation>商机成交</translation>
    </message>
    <message>
        <source>Deal lost</source>
        <translation>商机未成交</translation>
    </message>
    <message>
        <source>Why was {0} won? Pick a reason or type your own.</source>
        <translation>「{0}」为什么成交？请选择原因或自行填写。</translation>
    </message>
    <message>
        <source>Why was {0} lost? Pick a reason or type your own.</source>
        <translation>「{0}」为什么没有成交？请选择原因或自行填写。</translation>
    </message>
    <message>
        <source>this deal</source>
        <translation>这个商机</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>原因（可不填）</translation>
    </message>
    <message>
        <source>Save this reason before closing?</source>
        <translation>关闭前保存此原因吗？</translation>
    </message>
</context>
<context>
    <name>DealDialog</name>
    <message>
        <source>Edit deal</source>
        <translation>编辑商机</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>新建商机</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <source>Products or services, one a line</source>
        <translation>产品或服务，每行一项</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reopen deal</source>
        <translation>重新打开商机</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Stage history</source>
        <translation>阶段变更记录</translation>
    </message>
    <message>
        <source>Optional: named after the first product</source>
        <translation>可不填：默认以第一个产品命名</translation>
    </message>
    <message>
        <source>Save this deal before closing?</source>
        <translation>关闭前保存此商机吗？</translation>
    </message>
    <message>
        <source>Choose a customer: type part of a name or phone and pick one.</source>
        <translation>请选择客户：输入姓名或电话的一部分，然后选中一位。</translation>
    </message>
    <message>
        <source>Give the deal a title, e.g. the product or the course.</source>
        <translation>请填写商机标题，例如产品或课程名称。</translation>
    </message>
    <message>
        <source>Enter the amount of the sale.</source>
        <translation>请填写销售金额。</translation>
    </message>
</context>
<context>
    <name>DealListView</name>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建日期</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭日期</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最低</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最高</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>All customers…</source>
        <translation>全部客户…</translation>
    </message>
    <message numerus="yes">
        <source>%n deals</source>
        <translation>
            <numerusform>%n 个商机</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DealTableModel</name>
    <message>
        <source>Created</source>
        <translation>创建日期</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>KanbanBoard</name>
    <message>
        <source>Move to</source>
        <translation>移到</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
</context>
<context>
    <name>KanbanColumn</name>
    <message>
        <source>Total {0}</source>
        <translation>合计 {0}</translation>
    </message>
    <message>
        <source>Expected {0}</source>
        <translation>预计成交额 {0}</translation>
    </message>
    <message>
        <source>Expected sales: the amount × the stage&apos;s chance of closing</source>
        <translation>预计成交额：金额 × 该阶段的成交可能性</translation>
    </message>
    <message numerus="yes">
        <source>+ %n more</source>
        <translation>
            <numerusform>+ 还有 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PipelinePage</name>
    <message>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Won and lost deals closed in this period</source>
        <translation>成交和未成交的商机按此期间内的关闭日期显示</translation>
    </message>
    <message>
        <source>Expected sales: each open deal&apos;s amount × its stage&apos;s chance of closing, added up.</source>
        <translation>预计成交额：每个进行中商机的金额 × 所在阶段的成交可能性，再相加。</translation>
    </message>
    <message>
        <source>Won/lost in</source>
        <translation>成交/未成交期间</translation>
    </message>
    <message numerus="yes">
        <source>Open pipeline: %n deals</source>
        <translation>
            <numerusform>进行中：%n 个商机</numerusform>
        </translation>
    </message>
    <message>
        <source>total {0}</source>
        <translation>合计 {0}</translation>
    </message>
    <message>
        <source>expected sales {0}</source>
        <translation>预计成交额 {0}</translation>
    </message>
</context>
<context>
    <name>ServiceModel</name>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Resolved on</source>
        <translation>解决时间</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
</context>
<context>
    <name>ServicePage</name>
    <message>
        <source>Open and in progress</source>
        <translation>待处理和处理中</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>New record…</source>
        <translation>新建记录…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>解决…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Highlight open records older than</source>
        <translation>突出显示超过此天数仍未解决的记录</translation>
    </message>
    <message numerus="yes">
        <source>%n records</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open longer than the limit (highlighted)</source>
        <translation>
            <numerusform>%n 条超时未解决（已突出显示）</numerusform>
        </translation>
    </message>
    <message>
        <source>showing the newest; narrow the filters to see older ones</source>
        <translation>只显示最新的记录；缩小筛选范围可查看更早的记录</translation>
    </message>
</context>
<context>
    <name>ServiceRecordDialog</name>
    <message>
        <source>Service record</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>New service record</source>
        <translation>新建服务记录</translation>
    </message>
    <message>
        <source>What is it about, e.g. zip of the coat broken</source>
        <translation>什么事，例如大衣拉链坏了</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>What was done, e.g. zip replaced free of charge</source>
        <translation>做了什么，例如免费更换拉链</translation>
    </message>
    <message>
        <source>Not rated</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Satisfaction (1-5)</source>
        <translation>满意度（1-5）</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Save this service record before closing?</source>
        <translation>关闭前保存此服务记录吗？</translation>
    </message>
    <message>
        <source>Choose a customer: type part of a name or phone and pick one.</source>
        <translation>请选择客户：输入姓名或电话的一部分，然后选中一位。</translation>
    </message>
    <message>
        <source>Choose the kind of service.</source>
        <translation>请选择服务类型。</translation>
    </message>
    <message>
        <source>Write a subject: what the customer needs.</source>
        <translation>请填写主题：客户需要什么。</translation>
    </message>
    <message>
        <source>Write down the resolution: what was done for the customer.</source>
        <translation>请填写处理结果：为客户做了什么。</translation>
    </message>
</context>
<context>
    <name>StageEditor</name>
    <message>
        <source>Pipeline stages</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Chance of closing %</source>
        <translation>成交可能性 %</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商机数</translation>
    </message>
    <message>
        <source>Add stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <source>Remove stage…</source>
        <translation>删除阶段…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Deals move left to right through the open stages; won and lost stages close them. Expected sales count each open deal at its stage&apos;s chance of closing (amount × chance of closing).</source>
        <translation>商机从左到右经过各个进行中的阶段；进入成交或未成交阶段即关闭。预计成交额按每个进行中商机所在阶段的成交可能性计算（金额 × 成交可能性）。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>成交</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>未成交</translation>
    </message>
    <message>
        <source>Remove stage</source>
        <translation>删除阶段</translation>
    </message>
    <message numerus="yes">
        <source>{0} holds %n deals. Move them to:</source>
        <translation>
            <numerusform>「{0}」中有 %n 个商机。把它们移到：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_PickCustomerDialog</name>
    <message>
        <source>Deals of one customer</source>
        <translation>某位客户的商机</translation>
    </message>
</context>
</TS>
