<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AtRiskTab</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Days silent</source>
        <translation>未联系天数</translation>
    </message>
    <message>
        <source>Spent in total</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Open these customers</source>
        <translation>打开这些客户</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>At risk after</source>
        <translation>流失预警天数</translation>
    </message>
    <message>
        <source>%1 customers bought before but have had no purchase and no contact for %2 days or more.</source>
        <translation>%1 位老客户已连续 %2 天及以上没有购买、也没有任何联系。</translation>
    </message>
    <message>
        <source>Export customers at risk</source>
        <translation>导出流失预警客户</translation>
    </message>
    <message>
        <source>at-risk.xlsx</source>
        <translation>流失预警客户.xlsx</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>%1 customers written to %2.</source>
        <translation>已将 %1 位客户写入 %2。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>CareTab</name>
    <message>
        <source>Rated</source>
        <translation>评分日期</translation>
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
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Years</source>
        <translation>周年</translation>
    </message>
    <message>
        <source>Birthdays in the coming week</source>
        <translation>未来一周生日</translation>
    </message>
    <message>
        <source>Customer anniversaries in the coming week</source>
        <translation>未来一周客户周年纪念</translation>
    </message>
    <message>
        <source>Rated 1–2 with no follow-up since</source>
        <translation>评分 1–2 且之后未回访</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>InsightPage</name>
    <message>
        <source>Customer insight</source>
        <translation>客户洞察</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Value segments</source>
        <translation>价值分层</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>流失预警</translation>
    </message>
    <message>
        <source>Retention and value</source>
        <translation>留存与价值</translation>
    </message>
    <message>
        <source>Care lists</source>
        <translation>关怀名单</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>最近 90 天</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>Customers by lifecycle</source>
        <translation>客户生命周期分布</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>暂无客户</translation>
    </message>
    <message>
        <source>Where customers come from</source>
        <translation>客户来源</translation>
    </message>
    <message>
        <source>Sales by month</source>
        <translation>月度销售额</translation>
    </message>
    <message>
        <source>No sales in this period</source>
        <translation>本期间暂无销售</translation>
    </message>
    <message>
        <source>Pipeline: open deals per stage</source>
        <translation>销售漏斗：各阶段进行中的商机</translation>
    </message>
    <message>
        <source>No open deals</source>
        <translation>暂无进行中的商机</translation>
    </message>
    <message>
        <source>Average satisfaction by month (1–5)</source>
        <translation>月度平均满意度（1–5）</translation>
    </message>
    <message>
        <source>No ratings yet</source>
        <translation>暂无评分</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Active customers</source>
        <translation>活跃客户</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Won deals</source>
        <translation>成交单数</translation>
    </message>
    <message>
        <source>Conversion rate</source>
        <translation>成交转化率</translation>
    </message>
    <message>
        <source>Open service records</source>
        <translation>未结服务记录</translation>
    </message>
    <message>
        <source>Average satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <source>Previous period: %1</source>
        <translation>上一期间：%1</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>持平</translation>
    </message>
    <message>
        <source>pts</source>
        <translation>个百分点</translation>
    </message>
</context>
<context>
    <name>RetentionTab</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>购买次数</translation>
    </message>
    <message>
        <source>Lifetime value</source>
        <translation>累计价值</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation>消费最多的客户</translation>
    </message>
    <message>
        <source>to date</source>
        <translation>至今</translation>
    </message>
    <message>
        <source>Retention: share of last month&apos;s buyers who bought again (%)</source>
        <translation>留存率：上月购买客户本月再次购买的比例（%）</translation>
    </message>
    <message>
        <source>Not enough purchases yet</source>
        <translation>购买记录还不够</translation>
    </message>
    <message>
        <source>Buying customers: %1</source>
        <translation>购买客户数：%1</translation>
    </message>
    <message>
        <source>Average lifetime value: %1</source>
        <translation>平均客户累计价值：%1</translation>
    </message>
    <message>
        <source>Average order value: %1</source>
        <translation>平均客单价：%1</translation>
    </message>
    <message>
        <source>Last full month (%1): retention %2, churn %3</source>
        <translation>上个完整月（%1）：留存率 %2，流失率 %3</translation>
    </message>
    <message>
        <source>Month to date (%1 to %2): retention %3, churn %4</source>
        <translation>本月至今（%1 至 %2）：留存率 %3，流失率 %4</translation>
    </message>
</context>
<context>
    <name>SegmentsTab</name>
    <message>
        <source>Segment</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Spent in total</source>
        <translation>累计消费</translation>
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
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>购买次数</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>消费</translation>
    </message>
    <message>
        <source>R-F-M</source>
        <translation>R-F-M</translation>
    </message>
    <message>
        <source>Scores 1–5 by quintile of recency, frequency and money of won deals. Champions: R≥4 and F+M≥8; New: R≥4 and one purchase; Potential: R≥3; At risk: F+M≥6; Hibernating: R=2; Lost: R=1.</source>
        <translation>按成交的最近一次购买（R）、购买次数（F）、消费金额（M）五等分评 1–5 分。重要价值客户：R≥4 且 F+M≥8；新客户：R≥4 且只购买过一次；潜力客户：R≥3；需唤回：F+M≥6；沉睡客户：R=2；流失客户：R=1。</translation>
    </message>
    <message>
        <source>Open these customers</source>
        <translation>打开这些客户</translation>
    </message>
    <message>
        <source>Update lifecycle categories…</source>
        <translation>更新生命周期分类…</translation>
    </message>
    <message>
        <source>Champions become loyal; other buyers at least customers; loyal ones gone quiet fall back</source>
        <translation>重要价值客户设为忠诚客户；其他购买过的客户至少为成交客户；沉睡或流失的忠诚客户降为成交客户</translation>
    </message>
    <message>
        <source>Update lifecycle categories</source>
        <translation>更新生命周期分类</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>没有需要更改的客户。</translation>
    </message>
    <message>
        <source>%1 customers will change lifecycle category:</source>
        <translation>%1 位客户的生命周期分类将被更改：</translation>
    </message>
    <message>
        <source>Advocates are left alone. Continue?</source>
        <translation>推荐客户保持不变。是否继续？</translation>
    </message>
</context>
</TS>
