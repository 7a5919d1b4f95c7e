<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FileActions</name>
    <message>
        <source>This file is already open.</source>
        <translation>这个文件已经打开。</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>A file named {name} already exists there. Choose another name, or open it with Open database…</source>
        <translation>那里已有名为 {name} 的文件。请换一个名字，或用“打开数据库…”打开它。</translation>
    </message>
    <message>
        <source>New &amp;database…</source>
        <translation>新建数据库(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation>最近的文件(&amp;R)</translation>
    </message>
    <message>
        <source>CRM Desktop databases (*.db *.sqlite *.crmdb);;All files (*)</source>
        <translation>CRM Desktop 数据库 (*.db *.sqlite *.crmdb);;所有文件 (*)</translation>
    </message>
    <message>
        <source>customers.db</source>
        <translation>客户资料.db</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>{path} is no longer there (moved, renamed or deleted); it was taken off the list.</source>
        <translation>{path} 已不在原处（被移动、改名或删除），已从列表中去掉。</translation>
    </message>
    <message>
        <source>(not found)</source>
        <translation>（找不到）</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 file</source>
        <translation>%1 文件</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop 客户管理</translation>
    </message>
    <message>
        <source>An offline CRM for small businesses: customers, follow-ups, sales and service in one local file.</source>
        <translation>面向小商家的离线客户管理：客户、跟进、销售和服务记录都在本机的一个文件里。</translation>
    </message>
    <message>
        <source>Your data stays on this computer.</source>
        <translation>您的数据只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>CRM Desktop &amp;help…</source>
        <translation>使用帮助(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;About CRM Desktop</source>
        <translation>关于 CRM Desktop(&amp;A)</translation>
    </message>
    <message>
        <source>About CRM Desktop</source>
        <translation>关于 CRM Desktop</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>CRM Desktop help</source>
        <translation>CRM Desktop 使用帮助</translation>
    </message>
    <message>
        <source>Show the data folder</source>
        <translation>打开数据所在文件夹</translation>
    </message>
    <message>
        <source>(no file open)</source>
        <translation>（没有打开文件）</translation>
    </message>
    <message>
        <source>Everything (customers, follow-ups, sales, service records, settings) is in one file.</source>
        <translation>所有内容（客户、跟进、销售、服务记录、设置）都在一个文件里。</translation>
    </message>
    <message>
        <source>A backup is made automatically when you close the app and once a day while it runs; each is checked and old ones are rotated. Settings → Backups lists them and restores one.</source>
        <translation>关闭程序时和运行期间每天会自动备份一次；每份备份都经过检查，旧备份按规则轮换。在 设置 → 备份 中可以查看并恢复。</translation>
    </message>
    <message>
        <source>To move to another computer, copy the data file (with the app closed), or make a backup in Settings → Backups and open that copy there with File → Open database…</source>
        <translation>要换到另一台电脑：关闭程序后复制数据文件，或在 设置 → 备份 中做一份备份，然后在那台电脑上用 文件 → 打开数据库… 打开它。</translation>
    </message>
    <message>
        <source>File → Import brings customers in from Excel or CSV with a preview; File → Imports lists every import and undoes one.</source>
        <translation>文件 → 导入 可从 Excel 或 CSV 导入客户（先预览）；文件 → 导入记录 列出每次导入，并可撤销。</translation>
    </message>
    <message>
        <source>File → New database… starts a clean file (for example after trying the demo data).</source>
        <translation>文件 → 新建数据库… 可开始一个干净的文件（例如试用演示数据之后）。</translation>
    </message>
    <message>
        <source>Customers put in the trash can be restored from the Trash page.</source>
        <translation>移到回收站的客户可以在“回收站”页面恢复。</translation>
    </message>
    <message>
        <source>Find a customer from any page with Ctrl+K: a name, a phone number, or pinyin initials.</source>
        <translation>在任何页面按 Ctrl+K 查找客户：姓名、电话或拼音首字母都可以。</translation>
    </message>
    <message>
        <source>Reports print lists, profiles and sales figures as PDF.</source>
        <translation>“报表”页面可把名单、客户档案和销售数据打印成 PDF。</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop 客户管理</translation>
    </message>
    <message>
        <source>Data file:</source>
        <translation>数据文件：</translation>
    </message>
    <message>
        <source>Backups:</source>
        <translation>备份：</translation>
    </message>
    <message>
        <source>Good to know</source>
        <translation>使用要点</translation>
    </message>
</context>
</TS>
