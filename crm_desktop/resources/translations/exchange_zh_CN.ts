<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CheckStep</name>
    <message>
        <source>Skip rows that match an existing customer (email, or phone and name)</source>
        <translation>跳过与现有客户重复的行（邮箱相同，或电话和姓名都相同）</translation>
    </message>
    <message>
        <source>Update the matching customer with the file&apos;s values</source>
        <translation>用文件中的值更新匹配到的客户</translation>
    </message>
    <message>
        <source>Add them anyway as new records</source>
        <translation>仍作为新记录添加</translation>
    </message>
    <message>
        <source>Rows that are already in the database:</source>
        <translation>数据库中已有的行：</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Correct a value in the Value column and the file is checked again (the file itself is not changed).</source>
        <translation>在“值”一列中改正后，会重新检查（原文件不会被修改）。</translation>
    </message>
    <message>
        <source>Strict: import nothing if any row or value has a problem</source>
        <translation>严格检查：只要有任何一行或一个值有问题，就不导入任何数据</translation>
    </message>
    <message>
        <source>Save the list of problems…</source>
        <translation>保存问题清单…</translation>
    </message>
    <message numerus="yes">
        <source>%n value kept in the notes</source>
        <translation>
            <numerusform>%n 个值保留在备注中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n values kept in the notes</source>
        <translation>
            <numerusform>%n 个值保留在备注中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row left out</source>
        <translation>
            <numerusform>%n 行未导入</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows left out</source>
        <translation>
            <numerusform>%n 行未导入</numerusform>
        </translation>
    </message>
    <message>
        <source>The strict check is on: rows with problems stop the import. Fix them below, or turn the check off.</source>
        <translation>已开启严格检查：有问题的行会阻止导入。请在下方改正，或关闭严格检查。</translation>
    </message>
    <message>
        <source>A value that cannot be used is kept word for word in the customer&apos;s notes; the rest of its row is imported.</source>
        <translation>无法识别的值会原样保留在客户的备注中，该行的其余内容照常导入。</translation>
    </message>
    <message>
        <source>Rows that name no one (no name, company, phone or email) are left out.</source>
        <translation>无法对应到任何人的行（没有姓名、公司、电话或邮箱）不导入。</translation>
    </message>
    <message>
        <source>Type the right value and press Enter</source>
        <translation>输入正确的值后按回车</translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>新建 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to update</source>
        <translation>
            <numerusform>更新 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>无变化 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate skipped</source>
        <translation>
            <numerusform>跳过重复 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicates skipped</source>
        <translation>
            <numerusform>跳过重复 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row read: </source>
        <translation>
            <numerusform>共读取 %n 行：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows read: </source>
        <translation>
            <numerusform>共读取 %n 行：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the rows shown (or the selected rows) with the visible columns to an Excel or CSV file</source>
        <translation>把当前显示的行（或选中的行）按可见列保存为 Excel 或 CSV 文件</translation>
    </message>
    <message>
        <source>Save the rows shown (or the selected rows) with all their fields to an Excel or CSV file; the arrow offers only the visible columns</source>
        <translation>把显示的行（或选中的行）连同全部字段保存为 Excel 或 CSV 文件；点箭头可选择只导出可见的列</translation>
    </message>
    <message>
        <source>All fields…</source>
        <translation>全部字段…</translation>
    </message>
    <message>
        <source>Only the visible columns…</source>
        <translation>只导出可见的列…</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 编码 (*.csv)</translation>
    </message>
    <message>
        <source>Export to a file</source>
        <translation>导出到文件</translation>
    </message>
    <message>
        <source>Customers exported: %1, with all %2 columns, to %3</source>
        <translation>已导出 %1 位客户，全部 %2 列，保存到 %3</translation>
    </message>
    <message>
        <source>Customers exported: %1, with only the %2 visible columns, to %3</source>
        <translation>已导出 %1 位客户，仅可见的 %2 列，保存到 %3</translation>
    </message>
    <message>
        <source>Records exported: %1, with %2 columns, to %3</source>
        <translation>已导出 %1 条记录，共 %2 列，保存到 %3</translation>
    </message>
    <message>
        <source>row %1, %2</source>
        <translation>第 %1 行，%2</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>%1 cells were longer than Excel allows (32,767 characters) and were cut, marked …[cut]:</source>
        <translation>有 %1 个单元格超过 Excel 的上限（32,767 个字符），已截断并标记为 …[cut]：</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>FileStep</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Service records</source>
        <translation>售后服务记录</translation>
    </message>
    <message>
        <source>Choose an Excel, CSV or vCard file</source>
        <translation>选择 Excel、CSV 或 vCard 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Excel (.xlsx, .xls), OpenDocument (.ods), CSV in any usual encoding and vCard (.vcf). Title rows above the table are skipped; nothing is written until the last step.</source>
        <translation>支持 Excel（.xlsx、.xls）、OpenDocument（.ods）、常见编码的 CSV 以及 vCard（.vcf）。表格上方的标题行会自动跳过；在最后一步之前不会写入任何数据。</translation>
    </message>
    <message>
        <source>Import:</source>
        <translation>导入：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Spreadsheets and contacts (%1);;All files (*)</source>
        <translation>表格和通讯录 (%1);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ImportHistory</name>
    <message>
        <source>&amp;Import from Excel or CSV…</source>
        <translation>从 Excel 或 CSV 导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Imports (history and undo)…</source>
        <translation>导入记录（历史与撤销）…</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <source>Imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Undo this import…</source>
        <translation>撤销这次导入…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
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
        <source>Deals</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Service records</source>
        <translation>售后服务记录</translation>
    </message>
    <message>
        <source>%1 new, %2 updated, %3 skipped</source>
        <translation>新建 %1，更新 %2，跳过 %3</translation>
    </message>
    <message>
        <source>Nothing has been imported into this database yet.</source>
        <translation>这个数据库还没有导入过数据。</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>Undo import %1 (%2)? The %3 records it created are removed and the %4 it updated get their earlier values back.</source>
        <translation>撤销导入 %1（%2）吗？它新建的 %3 条记录将被删除，它更新的 %4 条记录将恢复原来的值。</translation>
    </message>
    <message>
        <source>Import %1 undone: %2 records removed, %3 put back as they were.</source>
        <translation>导入 %1 已撤销：删除 %2 条记录，恢复 %3 条。</translation>
    </message>
    <message>
        <source>Undoing the import…</source>
        <translation>正在撤销导入…</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import my customers from an Excel file…</source>
        <translation>从 Excel 文件导入我的客户…</translation>
    </message>
    <message>
        <source>Import from a spreadsheet</source>
        <translation>从表格导入</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>1. Choose the file</source>
        <translation>1. 选择文件</translation>
    </message>
    <message>
        <source>2. Sheet and header row</source>
        <translation>2. 工作表和表头行</translation>
    </message>
    <message>
        <source>3. Match the columns</source>
        <translation>3. 对应列</translation>
    </message>
    <message>
        <source>4. Check before importing</source>
        <translation>4. 导入前检查</translation>
    </message>
    <message>
        <source>5. Done</source>
        <translation>5. 完成</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在检查每一行…</translation>
    </message>
    <message>
        <source>Save the list of problems</source>
        <translation>保存问题清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The list of problems is saved in %1.</source>
        <translation>问题清单已保存到 %1。</translation>
    </message>
    <message>
        <source>Saving the list of problems…</source>
        <translation>正在保存问题清单…</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was written.</source>
        <translation>导入已取消，没有写入任何数据。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Undoing the import…</source>
        <translation>正在撤销导入…</translation>
    </message>
</context>
<context>
    <name>MappingStep</name>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Keep unmatched columns as custom fields</source>
        <translation>把未对应的列保留为自定义字段</translation>
    </message>
    <message>
        <source>Remember this matching for the next import</source>
        <translation>记住这个对应关系，下次导入时使用</translation>
    </message>
    <message>
        <source>Preview with this matching:</source>
        <translation>按此对应关系预览：</translation>
    </message>
    <message>
        <source>Custom field: %1</source>
        <translation>自定义字段：%1</translation>
    </message>
    <message>
        <source>(do not import)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Not imported: %1</source>
        <translation>不导入：%1</translation>
    </message>
    <message>
        <source>Only say what another column holds, not imported: %1</source>
        <translation>只说明其他列的类型，不导入：%1</translation>
    </message>
    <message>
        <source>Worked out by the app, never imported: %1</source>
        <translation>由软件自动计算，不会导入：%1</translation>
    </message>
    <message>
        <source>Every column will be imported.</source>
        <translation>所有列都会导入。</translation>
    </message>
</context>
<context>
    <name>ResultStep</name>
    <message>
        <source>Undo this import</source>
        <translation>撤销这次导入</translation>
    </message>
    <message>
        <source>Import %1 finished: %2 new, %3 updated, %4 duplicates, %5 values kept in the notes, %6 rows left out.</source>
        <translation>导入 %1 已完成：新建 %2 条，更新 %3 条，重复 %4 条，%5 个值保留在备注中，%6 行未导入。</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>…… 另有 %n 处</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n values were kept in the notes, cut to fit or left out; their rows were imported:</source>
        <translation>
            <numerusform>有 %n 个值保留在备注中、已截断或未导入，所在的行照常导入：</numerusform>
        </translation>
    </message>
    <message>
        <source>Every problem, with its row, column and reason, is in: %1</source>
        <translation>所有问题（行号、列和原因）已写入：%1</translation>
    </message>
    <message>
        <source>You can also undo it later from File → Imports.</source>
        <translation>以后也可以在“文件 → 导入记录”中撤销。</translation>
    </message>
    <message>
        <source>Import undone: %1 records removed, %2 put back as they were.</source>
        <translation>导入已撤销：删除 %1 条记录，恢复 %2 条。</translation>
    </message>
</context>
<context>
    <name>TableStep</name>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Header row:</source>
        <translation>表头行：</translation>
    </message>
    <message>
        <source>First rows of the table:</source>
        <translation>表格的前几行：</translation>
    </message>
    <message numerus="yes">
        <source>%1 (rows: %n)</source>
        <translation>
            <numerusform>%1（%n 行）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Contact cards in the file: %n.</source>
        <translation>
            <numerusform>文件中共有 %n 张联系人名片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Headers in row %1; %n data rows. Change the row if the headers are wrong.</source>
        <translation>
            <numerusform>表头在第 %1 行，共 %n 行数据。如果表头不对，请修改行号。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sheet “%1” lists no customers, so sheet “%2” is shown; choose another above.</source>
        <translation>工作表「%1」中没有客户，因此显示工作表「%2」；可在上方选择其他工作表。</translation>
    </message>
</context>
</TS>
