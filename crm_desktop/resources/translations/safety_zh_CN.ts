<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Automatic backups</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>Back up when CRM Desktop closes and once a day</source>
        <translation>在 CRM Desktop 关闭时及每天自动备份一次</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Daily backups to keep</source>
        <translation>保留的每日备份数</translation>
    </message>
    <message>
        <source>Weekly backups to keep</source>
        <translation>保留的每周备份数</translation>
    </message>
    <message>
        <source>Backups are kept in %1</source>
        <translation>备份保存在 %1</translation>
    </message>
    <message>
        <source>Daily (automatic)</source>
        <translation>每日（自动）</translation>
    </message>
    <message>
        <source>On closing (automatic)</source>
        <translation>关闭时（自动）</translation>
    </message>
    <message>
        <source>Made by you (kept)</source>
        <translation>手动备份（保留）</translation>
    </message>
    <message>
        <source>Before a restore (kept)</source>
        <translation>恢复前（保留）</translation>
    </message>
    <message>
        <source>Before an import undo (kept)</source>
        <translation>撤销导入前（保留）</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backup made: %1 (%2).</source>
        <translation>备份完成：%1（%2）。</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace all current data with the backup made %1?

Changes made since then are replaced. The current data is kept as a backup in this list.</source>
        <translation>用 %1 的备份替换当前全部数据？

此后所做的更改将被替换。当前数据会作为一份备份保留在此列表中。</translation>
    </message>
    <message>
        <source>Restored the backup %1.</source>
        <translation>已恢复备份 %1。</translation>
    </message>
    <message>
        <source>The previous data is kept in %1.</source>
        <translation>原来的数据保留在 %1。</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>Saved. Rotation applies at the next backup.</source>
        <translation>已保存。下次备份时按此保留规则清理旧备份。</translation>
    </message>
</context>
<context>
    <name>BackupsSection</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>备份…</translation>
    </message>
    <message>
        <source>Automatic backups when CRM Desktop closes and once a day; restore one here.</source>
        <translation>CRM Desktop 关闭时及每天自动备份；可在此恢复备份。</translation>
    </message>
</context>
<context>
    <name>safety</name>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>{file} is an empty file, not a CRM Desktop database yet. If it should hold your customers, it may be a copy that failed: choose No and restore a backup.

Start a new database in this file?</source>
        <translation>{file} 是一个空文件，还不是 CRM Desktop 数据库。如果它本应保存您的客户资料，它可能是复制失败的文件：请选择“否”并恢复备份。

要在此文件中新建数据库吗？</translation>
    </message>
    <message>
        <source>Restore the newest backup, made {when} ({age}, {size})? What was changed after that is not in it.</source>
        <translation>恢复最新的备份（创建于 {when}，{age}，{size}）？该备份之后所做的更改不在其中。</translation>
    </message>
    <message>
        <source>The damaged file is kept under a new name beside it; it is not overwritten.</source>
        <translation>已损坏的文件会改名保留在原处旁边，不会被覆盖。</translation>
    </message>
    <message>
        <source>Database damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>1 day ago</source>
        <translation>1 天前</translation>
    </message>
    <message>
        <source>%1 days ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <source>1 hour ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <source>%1 hours ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>1 minute ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <source>%1 minutes ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>This database is read-only (a read-only medium or no permission): you can look, not change.</source>
        <translation>此数据库为只读（只读介质或没有写入权限）：只能查看，不能修改。</translation>
    </message>
    <message>
        <source>Copy the file to a writable folder to work with it.</source>
        <translation>请把文件复制到可写的文件夹后再使用。</translation>
    </message>
    <message>
        <source>(read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>The database file was damaged and the backup {backup} was restored. The damaged file is kept as {kept}.</source>
        <translation>数据库文件已损坏，已恢复备份 {backup}。损坏的文件保留为 {kept}。</translation>
    </message>
    <message>
        <source>The automatic backup failed: {reason}</source>
        <translation>自动备份失败：{reason}</translation>
    </message>
</context>
</TS>
