<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>删除字段</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Print profile…</source>
        <translation>打印客户档案…</translation>
    </message>
    <message>
        <source>Save the changes to this customer before closing?</source>
        <translation>关闭前保存对此客户的修改吗？</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 1990-05-01</translation>
    </message>
    <message>
        <source>comma separated, e.g. VIP, wholesale</source>
        <translation>用逗号分隔，如 VIP, 批发</translation>
    </message>
    <message>
        <source>Customer %1 already has this phone number.</source>
        <translation>已有客户 %1 使用此电话号码。</translation>
    </message>
    <message>
        <source>Customer %1 already has this email address.</source>
        <translation>已有客户 %1 使用此邮箱。</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Click Save again to add this customer anyway.</source>
        <translation>再次点击“保存”仍会添加此客户。</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Search name, phone, email, pinyin…</source>
        <translation>搜索姓名、电话、邮箱、拼音…</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>All grades</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>All cities</source>
        <translation>全部城市</translation>
    </message>
    <message>
        <source>No name yet</source>
        <translation>待补全姓名</translation>
    </message>
    <message>
        <source>Customers imported without a name: their company, email or phone stands in for it</source>
        <translation>导入时没有姓名的客户：暂以公司、邮箱或电话代替姓名</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>显示列</translation>
    </message>
    <message>
        <source>Add tag…</source>
        <translation>添加标签…</translation>
    </message>
    <message>
        <source>Set stage</source>
        <translation>设置阶段</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Show all customers</source>
        <translation>显示全部客户</translation>
    </message>
    <message>
        <source>Print list…</source>
        <translation>打印列表…</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>Showing selected customers only.</source>
        <translation>只显示选中的客户。</translation>
    </message>
    <message>
        <source>Search: %1</source>
        <translation>搜索：%1</translation>
    </message>
    <message>
        <source>No customers found</source>
        <translation>没有找到客户</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>还没有客户</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message numerus="yes">
        <source>Tags to add to the selected customers (%n), comma separated:</source>
        <translation>
            <numerusform>为所选的 %n 位客户添加标签（用逗号分隔）：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved to the trash: %n. Undo brings them back.</source>
        <translation>
            <numerusform>已将 %n 位客户移到回收站。点“撤销”可恢复。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>添加标签</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
    <message>
        <source>same email</source>
        <translation>邮箱相同</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>姓名相同</translation>
    </message>
    <message>
        <source>Suspected duplicates</source>
        <translation>疑似重复客户</translation>
    </message>
    <message>
        <source>Keep record:</source>
        <translation>保留记录：</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Record A</source>
        <translation>记录 A</translation>
    </message>
    <message>
        <source>Record B</source>
        <translation>记录 B</translation>
    </message>
    <message>
        <source>Tick the value to keep where the two records differ. Follow-ups, sales, service records, notes and tags of both records are kept.</source>
        <translation>两条记录不同的字段，请勾选要保留的值。两条记录的跟进、销售、服务记录、备注和标签都会保留。</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Not duplicates</source>
        <translation>不是重复</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Looking for duplicates…</source>
        <translation>正在查找重复客户…</translation>
    </message>
    <message numerus="yes">
        <source>Suspected duplicate pairs: %n</source>
        <translation>
            <numerusform>疑似重复客户：%n 组</numerusform>
        </translation>
    </message>
    <message>
        <source>A (#%1)</source>
        <translation>A（编号 %1）</translation>
    </message>
    <message>
        <source>B (#%1)</source>
        <translation>B（编号 %1）</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>正在合并…</translation>
    </message>
    <message>
        <source>Merge %1 into %2?

The follow-ups, sales, service records, notes and tags of %1 move to %2, the values ticked in the table are kept, and %1 is deleted. This cannot be undone.</source>
        <translation>把 %1 合并到 %2？

%1 的跟进、销售、服务记录、备注和标签将移到 %2，保留表格中勾选的值，然后删除 %1。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Merge duplicates</source>
        <translation>合并重复客户</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Welcome to CRM Desktop</source>
        <translation>欢迎使用 CRM Desktop</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>This is a new database. What kind of business is it for?</source>
        <translation>这是一个新的数据库。它用于哪类业务？</translation>
    </message>
    <message>
        <source>Shop (retail, beauty, repair…)</source>
        <translation>门店（零售、美容、维修…）</translation>
    </message>
    <message>
        <source>Training school</source>
        <translation>培训学校</translation>
    </message>
    <message>
        <source>Office (services, B2B)</source>
        <translation>办公室（服务、企业客户）</translation>
    </message>
    <message>
        <source>Start with an empty database</source>
        <translation>从空数据库开始</translation>
    </message>
    <message>
        <source> customers</source>
        <translation> 位客户</translation>
    </message>
    <message>
        <source>Try it with demo data</source>
        <translation>用演示数据试用</translation>
    </message>
    <message>
        <source>Demo data fills the database with made-up customers; use a separate file for real work.</source>
        <translation>演示数据会填入虚构的客户；正式使用请另建一个数据库文件。</translation>
    </message>
    <message>
        <source>Making demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was added.</source>
        <translation>已取消：没有添加任何数据。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop 客户管理</translation>
    </message>
    <message>
        <source>(read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>销售漏斗</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Insight</source>
        <translation>客户洞察</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message numerus="yes">
        <source>Showing customers picked on another page: %n.</source>
        <translation>
            <numerusform>只显示在其他页面选出的客户：%n 位。</numerusform>
        </translation>
    </message>
    <message>
        <source>Find a customer (Ctrl+K)</source>
        <translation>查找客户（Ctrl+K）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New customer</source>
        <translation>新建客户(&amp;N)</translation>
    </message>
    <message>
        <source>Find &amp;duplicates…</source>
        <translation>查找重复客户(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message numerus="yes">
        <source>In trash: %n</source>
        <translation>
            <numerusform>回收站：%n 位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Business profile (printed on reports)</source>
        <translation>商户资料（打印在报表上）</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>无标志</translation>
    </message>
    <message>
        <source>Choose logo…</source>
        <translation>选择标志…</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>移除标志</translation>
    </message>
    <message>
        <source>Business name</source>
        <translation>商户名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>Business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Training school</source>
        <translation>培训学校</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>办公室</translation>
    </message>
    <message>
        <source>Sets the pipeline stages and the choice lists (sources, follow-up kinds, service kinds).</source>
        <translation>决定销售阶段和选项列表（来源、跟进方式、服务类型）。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The window switches to the language chosen when you save.</source>
        <translation>保存后，窗口立即切换到所选语言。</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Choose logo</source>
        <translation>选择标志</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <source>That file is not an image. Choose a PNG or JPEG file.</source>
        <translation>该文件不是图片。请选择 PNG 或 JPEG 文件。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Quick action</source>
        <translation>快捷操作</translation>
    </message>
    <message>
        <source>Plan a follow-up</source>
        <translation>安排跟进</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Log a service record</source>
        <translation>登记服务记录</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Customer added</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Follow-up planned</source>
        <translation>安排跟进</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation>完成跟进</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Deal stage</source>
        <translation>商机阶段</translation>
    </message>
    <message>
        <source>Deal won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Deal lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Service opened</source>
        <translation>新服务记录</translation>
    </message>
    <message>
        <source>Service resolved</source>
        <translation>服务已解决</translation>
    </message>
    <message>
        <source>Service record…</source>
        <translation>服务记录…</translation>
    </message>
    <message>
        <source>What was sold</source>
        <translation>销售内容</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>请先填写备注内容。</translation>
    </message>
</context>
<context>
    <name>TrashPage</name>
    <message>
        <source>Archived customers stay here until you restore them or delete them for good.</source>
        <translation>移到回收站的客户会一直保留，直到您恢复或永久删除。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Delete for good…</source>
        <translation>永久删除…</translation>
    </message>
    <message numerus="yes">
        <source>In the trash: %n</source>
        <translation>
            <numerusform>回收站中有 %n 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the selected customers (%n) and all their follow-ups, deals, service records and notes? This cannot be undone.</source>
        <translation>
            <numerusform>永久删除 %n 位客户及其全部跟进、商机、服务记录和备注？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Erasing…</source>
        <translation>正在彻底删除…</translation>
    </message>
    <message numerus="yes">
        <source>Erased %n customer</source>
        <translation>
            <numerusform>已彻底删除 %n 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Erased %n customers</source>
        <translation>
            <numerusform>已彻底删除 %n 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up</source>
        <translation>
            <numerusform>%n 条跟进</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n follow-ups</source>
        <translation>
            <numerusform>%n 条跟进</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n deal</source>
        <translation>
            <numerusform>%n 个商机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n deals</source>
        <translation>
            <numerusform>%n 个商机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n service record</source>
        <translation>
            <numerusform>%n 条服务记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n service records</source>
        <translation>
            <numerusform>%n 条服务记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note</source>
        <translation>
            <numerusform>%n 条备注</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n notes</source>
        <translation>
            <numerusform>%n 条备注</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the kinds of records erased</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>{0} with {1}.</source>
        <translation>{0}及其 {1}。</translation>
    </message>
    <message>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <source>Older backups still hold them until rotated out.</source>
        <translation>较早的备份在轮换删除前仍含有这些数据。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Moved to trash</source>
        <translation>移入回收站时间</translation>
    </message>
    <message>
        <source>Delete for good</source>
        <translation>永久删除</translation>
    </message>
</context>
<context>
    <name>UnsavedChanges</name>
    <message>
        <source>Unsaved changes</source>
        <translation>尚未保存的修改</translation>
    </message>
</context>
<context>
    <name>workers</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop 客户管理</translation>
    </message>
</context>
</TS>
