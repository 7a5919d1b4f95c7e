<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/pages/reports.py" line="93"/>
        <source>Customer list</source>
        <translation>客户名单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="94"/>
        <source>Customer profile</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="95"/>
        <source>Follow-up agenda</source>
        <translation>跟进日程</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="96"/>
        <source>Pipeline and sales</source>
        <translation>销售漏斗与业绩</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="97"/>
        <source>Service report</source>
        <translation>服务报告</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="98"/>
        <source>Customer insight</source>
        <translation>客户洞察</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="114"/>
        <source>Limit to a period</source>
        <translation>限定期间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="120"/>
        <source>One day</source>
        <translation>一天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="121"/>
        <source>One week</source>
        <translation>一周</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="123"/>
        <source>All customers, or search name, phone, tag…</source>
        <translation>全部客户，或搜索姓名、电话、标签…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="129"/>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="130"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="131"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="134"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="135"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="136"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="137"/>
        <source>Span</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="138"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="139"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="141"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="143"/>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="144"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="172"/>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="173"/>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="175"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="176"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="177"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="275"/>
        <source>Choose a customer first.</source>
        <translation>请先选择客户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="278"/>
        <source>Preparing the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="285"/>
        <source>Preparing the report</source>
        <translation>正在生成报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="296"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/reports.py" line="313"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="351"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页 / 共 %2 页</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="373"/>
        <source>Save report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="373"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="387"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
</TS>
