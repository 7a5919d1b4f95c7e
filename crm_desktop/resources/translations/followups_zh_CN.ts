<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CompleteFollowUpDialog</name>
    <message>
        <source>Complete follow-up</source>
        <translation>完成跟进</translation>
    </message>
    <message>
        <source>What came of it, e.g. interested, call back after payday</source>
        <translation>跟进结果，例如：有意向，发工资后再联系</translation>
    </message>
    <message>
        <source>Plan the next follow-up</source>
        <translation>安排下一次跟进</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Save this follow-up before closing?</source>
        <translation>关闭前保存此跟进吗？</translation>
    </message>
    <message>
        <source>Write down the outcome: what came of this follow-up.</source>
        <translation>请填写结果：这次跟进有什么进展。</translation>
    </message>
    <message>
        <source>The next follow-up must be due later than now.</source>
        <translation>下一次跟进的时间必须晚于现在。</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Search name, phone, email or pinyin initials</source>
        <translation>搜索姓名、电话、邮箱或拼音首字母</translation>
    </message>
    <message>
        <source>No customer matches</source>
        <translation>没有匹配的客户</translation>
    </message>
    <message>
        <source>Customer: {0}</source>
        <translation>客户：{0}</translation>
    </message>
    <message>
        <source>No customer chosen yet</source>
        <translation>尚未选择客户</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>New follow-up</source>
        <translation>新建跟进</translation>
    </message>
    <message>
        <source>Edit follow-up</source>
        <translation>编辑跟进</translation>
    </message>
    <message>
        <source>What is it about, e.g. offer the new season</source>
        <translation>跟进内容，例如：介绍新季商品</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save this follow-up before closing?</source>
        <translation>关闭前保存此跟进吗？</translation>
    </message>
    <message>
        <source>Choose a customer: type part of a name or phone and pick one.</source>
        <translation>请选择客户：输入部分姓名或电话后从列表中选取。</translation>
    </message>
    <message>
        <source>Choose a kind of follow-up.</source>
        <translation>请选择跟进方式。</translation>
    </message>
    <message>
        <source>The due time is in the past. Pick a time from today on.</source>
        <translation>到期时间已经过去。请选择今天或以后的时间。</translation>
    </message>
</context>
<context>
    <name>FollowUpModel</name>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <source>New follow-up…</source>
        <translation>新建跟进…</translation>
    </message>
    <message>
        <source>Complete…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>推迟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时后</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>下周</translation>
    </message>
    <message>
        <source>Pick a date…</source>
        <translation>选择日期…</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>In a day: open follow-ups / done that day. Red: overdue.</source>
        <translation>日期中的数字：待办跟进 / 当天已完成。红色：已逾期。</translation>
    </message>
    <message>
        <source>Today ({0})</source>
        <translation>今天（{0}）</translation>
    </message>
    <message>
        <source>Overdue ({0})</source>
        <translation>已逾期（{0}）</translation>
    </message>
    <message>
        <source>Upcoming ({0})</source>
        <translation>即将到期（{0}）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>The next {0} days; the calendar shows later ones.</source>
        <translation>未来 {0} 天内；更晚的请看日历。</translation>
    </message>
    <message>
        <source>Showing the {0} most recently done.</source>
        <translation>仅显示最近完成的 {0} 条。</translation>
    </message>
    <message>
        <source>{0}: {1} open, {2} done</source>
        <translation>{0}：待办 {1} 条，已完成 {2} 条</translation>
    </message>
</context>
<context>
    <name>ReminderBanner</name>
    <message>
        <source>Open follow-ups</source>
        <translation>查看跟进</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Follow-up due</source>
        <translation>跟进到期</translation>
    </message>
    <message>
        <source>{0} at {1}{2}</source>
        <translation>{0}，{1}{2}</translation>
    </message>
    <message>
        <source>{0} and {1} more</source>
        <translation>{0} 等另外 {1} 位</translation>
    </message>
    <message>
        <source>{0} follow-ups due</source>
        <translation>{0} 条跟进到期</translation>
    </message>
</context>
<context>
    <name>SnoozeDialog</name>
    <message>
        <source>Snooze until</source>
        <translation>推迟到</translation>
    </message>
    <message>
        <source>Remind me again on</source>
        <translation>再次提醒的时间</translation>
    </message>
    <message>
        <source>Pick a time later than now.</source>
        <translation>请选择晚于现在的时间。</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>Mark the selected follow-up done now, without an outcome</source>
        <translation>立即把选中的跟进标记为完成（不填写结果）</translation>
    </message>
    <message>
        <source>Complete…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Write the outcome and plan the next follow-up</source>
        <translation>填写结果并安排下一次跟进</translation>
    </message>
    <message>
        <source>All follow-ups</source>
        <translation>全部跟进</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
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
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>创建时间</translation>
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
        <source>Today, {0}</source>
        <translation>今天，{0}</translation>
    </message>
    <message>
        <source>Follow-ups: {0} due today, {1} overdue</source>
        <translation>跟进：今天到期 {0} 条，逾期 {1} 条</translation>
    </message>
    <message>
        <source>and {0} more — open Follow-ups</source>
        <translation>另有 {0} 条 — 打开跟进页</translation>
    </message>
    <message>
        <source>Birthdays this week ({0})</source>
        <translation>本周生日（{0}）</translation>
    </message>
    <message>
        <source>Newest open service records ({0})</source>
        <translation>最新未结服务记录（{0}）</translation>
    </message>
    <message>
        <source>Marked done: {0}</source>
        <translation>已标记完成：{0}</translation>
    </message>
</context>
</TS>
