"""The core's small catalogue of user-visible sentences, in Chinese and English.

The core raises `CrmError` with a code and parameters; whoever shows the error (the command
line or the UI) picks the language. Keep every sentence to one line that says what happened
and what to do.

"en"/"zh" is what the window shows, so it never speaks of command-line flags: a shop owner
has no `--mapping` to give. Where the command line's fix is a flag, the entry also has
"cli_en"/"cli_zh", which the command line prints instead (`text(..., cli=True)`). Codes in
`CLI_ONLY` are raised by the command line alone.
"""

from __future__ import annotations

import errno
import locale
import os

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # database files
    "db.missing": {
        "en": "Database file {path} does not exist. Check the path, or start the app to create a new one.",
        "zh": "数据库文件 {path} 不存在。请检查路径，或启动程序新建一个。",
    },
    "db.not_crm": {
        "en": "{path} is not a CRM Desktop database. Choose the right file, or restore a backup.",
        "zh": "{path} 不是 CRM Desktop 数据库。请选择正确的文件，或恢复备份。",
    },
    "db.damaged": {
        "en": "Database file {path} is damaged or not a database ({detail}). Restore the newest backup; the file was left untouched.",
        "zh": "数据库文件 {path} 已损坏或不是数据库（{detail}）。请恢复最新的备份；原文件未作任何改动。",
    },
    "db.locked": {
        "en": "Database file {path} is busy: another program is writing to it. Close the other program and try again.",
        "zh": "数据库文件 {path} 正被其他程序占用写入。请关闭其他程序后重试。",
    },
    "db.newer": {
        "en": "{path} was made by a newer version of CRM Desktop (schema {found}). Install the newer version to open it.",
        "zh": "{path} 由更新版本的 CRM Desktop 创建（结构版本 {found}）。请安装新版本后再打开。",
    },
    "db.readonly": {
        "en": "Database file {path} cannot be written (read-only medium or no permission). Copy it to a writable folder.",
        "zh": "数据库文件 {path} 无法写入（只读介质或没有权限）。请把它复制到可写的文件夹。",
    },
    "db.readonly_pending": {
        "en": "Database file {path} is on a read-only medium and its last changes are still in {path}-wal, which cannot be read there. Copy the whole folder to a writable place and open it there.",
        "zh": "数据库文件 {path} 位于只读介质上，且最近的更改仍在 {path}-wal 中，在此处无法读取。请把整个文件夹复制到可写的位置后再打开。",
    },
    "db.no_permission": {
        "en": "You have no permission to read {path} (it belongs to another user, or its permissions forbid it); nothing was changed. Ask its owner to give you access, or open a copy of your own.",
        "zh": "您没有读取 {path} 的权限（它属于其他用户，或其权限设置不允许）；未作任何改动。请让文件所有者给您权限，或打开您自己的副本。",
    },
    "backup.disk_full": {
        "en": "The disk for the backup {path} is full, so no backup was made; the database itself is fine. Free some space or choose another disk, then back up again.",
        "zh": "备份 {path} 所在的磁盘已满，未能创建备份；数据库本身完好。请腾出空间或换一个磁盘后再备份。",
    },
    "db.in_use": {
        "en": "{path} is open in CRM Desktop or in use by a command (an import, an export …), so it cannot be replaced now; nothing was changed. Close the app or wait for the command to finish, then restore again.",
        "zh": "{path} 正在 CRM Desktop 中打开，或正被某个命令（导入、导出等）使用，现在无法替换；未作任何改动。请关闭程序或等命令完成后再恢复。",
    },
    "db.upgrade_in_use": {
        "en": "{path} needs an upgrade to this version of CRM Desktop, but another window or command has it open; nothing was changed. Close the other one, then open the file again.",
        "zh": "{path} 需要升级到此版本的 CRM Desktop，但另一个窗口或命令正打开着它；未作任何改动。请关闭另一个后重新打开此文件。",
    },
    "db.restoring": {
        "en": "A backup is being restored into {path}, or it is being upgraded, right now; nothing was changed. Try again in a moment.",
        "zh": "{path} 正在恢复备份或升级中；未作任何改动。请稍后重试。",
    },
    "db.spreadsheet": {
        "en": "{path} is a spreadsheet or contacts file, not a CRM Desktop database; nothing was changed. To bring its customers in, use File → Import from Excel or CSV.",
        "zh": "{path} 是表格或通讯录文件，不是 CRM Desktop 数据库；未作任何改动。如要导入其中的客户，请使用“文件 → 从 Excel 或 CSV 导入”。",
        "cli_en": "{path} is a spreadsheet or contacts file, not a CRM Desktop database; nothing was changed. To bring its customers in, run: crm-desktop import customers {path} --db YOUR.db",
        "cli_zh": "{path} 是表格或通讯录文件，不是 CRM Desktop 数据库；未作任何改动。如要导入其中的客户，请运行：crm-desktop import customers {path} --db 你的数据库.db",
    },
    "db.network": {
        "en": "{path} is in a network folder ({kind}). A database file shared over a network gets damaged when two computers write to it (file locks do not work there), so CRM Desktop does not open it there; nothing was changed. Copy the file to this computer's own disk and open it there (keep backups on the share), or use an office database server to share customers between computers.",
        "zh": "{path} 位于网络文件夹（{kind}）中。通过网络共享的数据库文件在两台电脑同时写入时会损坏（文件锁在网络上不可靠），因此 CRM Desktop 不在此处打开它；未作任何改动。请把文件复制到本机磁盘后再打开（可把备份放在共享文件夹中），如需多台电脑共用客户资料，请使用办公室数据库服务器。",
    },
    "db.empty": {
        "en": "{path} is an empty file, not a CRM Desktop database yet (perhaps a copy that failed); nothing was changed. Open the right file or restore a backup.",
        "zh": "{path} 是一个空文件，还不是 CRM Desktop 数据库（可能是复制失败的文件）；未作任何改动。请打开正确的文件或恢复备份。",
        "cli_en": "{path} is an empty file, not a CRM Desktop database yet (perhaps a copy that failed); nothing was changed. Open the right file or restore a backup; to start a new database in it, run the command again with --create.",
        "cli_zh": "{path} 是一个空文件，还不是 CRM Desktop 数据库（可能是复制失败的文件）；未作任何改动。请打开正确的文件或恢复备份；如要在其中新建数据库，请加上 --create 重新运行命令。",
    },
    "db.disk_full": {
        "en": "The disk holding {path} is full: nothing was changed, and the database cannot be used until there is space. Free some space, then try again.",
        "zh": "{path} 所在的磁盘已满：未作任何更改，腾出空间之前无法使用该数据库。请腾出一些空间后重试。",
    },
    "db.io_error": {
        "en": "Database file {path} could not be read or written (disk or network error); the last change was not saved. Check the disk or network folder, restart CRM Desktop, and try again.",
        "zh": "无法读写数据库文件 {path}（磁盘或网络错误），最后一次更改未能保存。请检查磁盘或网络文件夹，重新启动 CRM Desktop 后再试。",
    },
    "db.cannot_open": {
        "en": "Database file {path} can no longer be opened (moved, deleted, or its folder is unavailable); the last change was not saved. Check the file, then open it again.",
        "zh": "数据库文件 {path} 已无法打开（被移动、删除，或所在文件夹不可用），最后一次更改未能保存。请检查该文件后重新打开。",
    },
    "ui.unexpected": {
        "en": "Something went wrong ({detail}); nothing more was changed. Please try again; if it happens again, report it with the log file {log}.",
        "zh": "出现了意外错误（{detail}），没有做其他更改。请重试；如果再次出现，请连同日志文件 {log} 一起报告此问题。",
    },
    "backup.close_failed": {
        "en": "The backup made when CRM Desktop closes failed: {reason} Your data is safe in {path}; make a backup from Settings → Backups next time.",
        "zh": "关闭 CRM Desktop 时的备份失败：{reason} 您的数据仍安全地保存在 {path} 中；下次请在“设置 → 备份”中手动备份。",
    },
    "db.cannot_create": {
        "en": "Cannot create database file {path} ({detail}). Choose a folder you can write to.",
        "zh": "无法创建数据库文件 {path}（{detail}）。请选择一个可写的文件夹。",
    },
    "db.upgrade_failed": {
        "en": "Upgrading {path} failed ({detail}). The file was restored from the copy made before the upgrade: {backup}.",
        "zh": "升级 {path} 失败（{detail}）。已从升级前的备份 {backup} 恢复原文件。",
    },
    # backup and restore
    "backup.target_exists": {
        "en": "{path} already exists. Choose a new file name for the backup.",
        "zh": "{path} 已存在。请为备份选择一个新的文件名。",
    },
    "backup.cannot_write": {
        "en": "Cannot write backup {path} ({detail}). Choose a folder you can write to.",
        "zh": "无法写入备份 {path}（{detail}）。请选择一个可写的文件夹。",
    },
    "restore.missing": {
        "en": "Backup file {path} does not exist. Check the path.",
        "zh": "备份文件 {path} 不存在。请检查路径。",
    },
    "restore.damaged": {
        "en": "Backup file {path} is damaged or not a database ({detail}); nothing was changed. Choose another backup.",
        "zh": "备份文件 {path} 已损坏或不是数据库（{detail}）；没有做任何改动。请选择其他备份。",
    },
    "restore.not_crm": {
        "en": "{path} is not a CRM Desktop backup; nothing was changed. Choose a backup made by CRM Desktop.",
        "zh": "{path} 不是 CRM Desktop 的备份；没有做任何改动。请选择 CRM Desktop 生成的备份。",
    },
    "check.failed": {
        "en": "Integrity check of {path} found problems: {detail}. Restore the newest backup.",
        "zh": "{path} 的完整性检查发现问题：{detail}。请恢复最新的备份。",
    },
    # data safety: one writer, automatic backups, erase for good
    "db.open_elsewhere": {
        "en": "Database file {path} is already open in another CRM Desktop window. Switch to that window, or close it and try again.",
        "zh": "数据库文件 {path} 已在另一个 CRM Desktop 窗口中打开。请切换到该窗口，或关闭它后重试。",
    },
    "backup.verify_failed": {
        "en": "The new backup {path} failed its integrity check ({detail}) and was removed. Run a check of the database, then back up again.",
        "zh": "新备份 {path} 未通过完整性检查（{detail}），已删除。请先检查数据库，再重新备份。",
    },
    "backup.bad_policy": {
        "en": "Keep 1 to {max_daily} daily and 0 to {max_weekly} weekly backups. Enter numbers in those ranges.",
        "zh": "每日备份请保留 1 到 {max_daily} 份，每周备份 0 到 {max_weekly} 份。请输入此范围内的数字。",
    },
    "erase.needs_yes": {
        "en": "Erasing customer {id} removes them and everything linked to them for good. Confirm it first.",
        "zh": "彻底删除客户 {id} 会永久删除该客户及其所有关联记录。请先确认。",
        "cli_en": "Erasing customer {id} removes them and everything linked to them for good. Add --yes to confirm.",
        "cli_zh": "彻底删除客户 {id} 会永久删除该客户及其所有关联记录。请加上 --yes 确认。",
    },
    "cli.erase_done": {
        "en": "Customer {id} erased for good: {detail}. Older backups still hold them until rotated out.",
        "zh": "客户 {id} 已彻底删除：{detail}。较早的备份在轮换删除前仍含有该客户。",
    },
    "erase.log_kept": {
        "en": "The erase is done, but the database's log file ({path}-wal) could not be emptied yet and may still hold the erased text until CRM Desktop next closes it.",
        "zh": "删除已完成，但数据库的日志文件（{path}-wal）暂时无法清空，在 CRM Desktop 下次关闭它之前可能仍含有已删除的内容。",
    },
    # records
    "customer.not_found": {
        "en": "There is no customer with id {id}. List customers to find the right id.",
        "zh": "没有编号为 {id} 的客户。请先列出客户查找正确的编号。",
    },
    "follow_up.not_found": {
        "en": "There is no follow-up with id {id}.",
        "zh": "没有编号为 {id} 的跟进记录。",
    },
    "deal.not_found": {"en": "There is no deal with id {id}.", "zh": "没有编号为 {id} 的商机。"},
    "service.not_found": {
        "en": "There is no service record with id {id}.",
        "zh": "没有编号为 {id} 的服务记录。",
    },
    "stage.not_found": {"en": "There is no pipeline stage {id}.", "zh": "没有销售阶段 {id}。"},
    "stage.in_use": {
        "en": "Stage {name_en} still has {count} deals. Choose a stage to move them to first.",
        "zh": "阶段「{name_zh}」中还有 {count} 个商机。请先选择要移入的阶段。",
    },
    "merge.same": {
        "en": "A customer cannot be merged with itself. Choose two different customers.",
        "zh": "不能把客户与自己合并。请选择两个不同的客户。",
    },
    "deal.closed": {
        "en": "Deal {id} is already closed ({status}). Reopen it before moving it.",
        "zh": "商机 {id} 已结束（{status}）。请先重新打开再移动。",
    },
    "follow_up.done": {
        "en": "Follow-up {id} is already done.",
        "zh": "跟进 {id} 已经完成。",
    },
    # follow-ups, stages, deals, service records, notes (services/follow_ups.py ... notes.py)
    "follow_up.not_done": {
        "en": "Follow-up {id} is not done yet, so it cannot be reopened.",
        "zh": "跟进 {id} 尚未完成，无需重新打开。",
    },
    "kind.unknown": {
        "en": "{value} is not one of the kinds in the list. Choose one from the list, or add it in Settings first.",
        "zh": "「{value}」不在类型列表中。请从列表中选择，或先在设置中添加。",
    },
    "stage.last_open": {
        "en": "Stage {name_en} is the only open stage; new deals need one. Add another open stage first.",
        "zh": "阶段「{name_zh}」是唯一的进行中阶段，新商机需要它。请先添加另一个进行中阶段。",
    },
    "stage.last_won": {
        "en": "Stage {name_en} is the only won stage; the pipeline needs one. Add another won stage first.",
        "zh": "阶段「{name_zh}」是唯一的赢单阶段，销售流程至少需要一个。请先添加另一个赢单阶段。",
    },
    "stage.last_lost": {
        "en": "Stage {name_en} is the only lost stage; the pipeline needs one. Add another lost stage first.",
        "zh": "阶段「{name_zh}」是唯一的输单阶段，销售流程至少需要一个。请先添加另一个输单阶段。",
    },
    "stage.move_target": {
        "en": "Deals of stage {name_en} cannot move to {target_en}: choose another stage of the same kind (open, won or lost).",
        "zh": "阶段「{name_zh}」的商机不能移入「{target_zh}」：请选择另一个同类（进行中、赢单或输单）阶段。",
    },
    "stage.outcome_in_use": {
        "en": "Stage {name_en} still has {count} deals, so it cannot change between open, won and lost. Move them first.",
        "zh": "阶段「{name_zh}」中还有 {count} 个商机，不能更改其进行中/赢单/输单类型。请先移走这些商机。",
    },
    "stage.no_open": {
        "en": "The pipeline has no open stage. Add one in Settings first.",
        "zh": "销售流程中没有进行中阶段。请先在设置中添加一个。",
    },
    "stage.no_won": {
        "en": "The pipeline has no won stage. Add one in Settings first.",
        "zh": "销售流程中没有赢单阶段。请先在设置中添加一个。",
    },
    "stage.no_lost": {
        "en": "The pipeline has no lost stage. Add one in Settings first.",
        "zh": "销售流程中没有输单阶段。请先在设置中添加一个。",
    },
    "deal.not_closed": {
        "en": "Deal {id} is still open, so it cannot be reopened.",
        "zh": "商机 {id} 仍在进行中，无需重新打开。",
    },
    "deal.quick_sale_title": {"en": "Quick sale", "zh": "快速销售"},
    # the opening deal an import writes for a customer's past purchases (exchange.history)
    "deal.history_title": {"en": "Imported purchase history", "zh": "导入的历史消费"},
    "deal.history_detail": {"en": "{count} purchases, {amount} in all", "zh": "{count} 次购买，共 {amount}"},
    "deal.history_note": {
        "en": "Imported from {file}: {count} earlier purchases, {amount} in all. The figures count it as that many.",
        "zh": "从 {file} 导入：此前 {count} 次购买，共 {amount}。客户的消费统计按 {count} 次计算。",
    },
    "service.closed": {
        "en": "Service record {id} is closed. Reopen it before changing its status.",
        "zh": "服务记录 {id} 已关闭。请先重新打开再更改状态。",
    },
    "service.not_finished": {
        "en": "Service record {id} is still open, so it cannot be reopened.",
        "zh": "服务记录 {id} 仍未解决，无需重新打开。",
    },
    "note.not_found": {"en": "There is no note with id {id}.", "zh": "没有编号为 {id} 的备注。"},
    # values
    "value.required": {"en": "{field} must not be empty.", "zh": "{field}不能为空。"},
    "value.too_long": {
        "en": "{field} is longer than {max} characters.",
        "zh": "{field}超过了 {max} 个字符。",
    },
    "value.email": {
        "en": "{field}: {value} is not a valid email address.",
        "zh": "{field}：{value} 不是有效的电子邮箱。",
    },
    "value.phone": {
        "en": "{field}: {value} is not a valid phone number.",
        "zh": "{field}：{value} 不是有效的电话号码。",
    },
    "value.url": {
        "en": "{field}: {value} is not a web address (use www.example.com).",
        "zh": "{field}：{value} 不是有效的网址（例如 www.example.com）。",
    },
    "value.date": {
        "en": "{field}: {value} is not a date (use 2024-05-03).",
        "zh": "{field}：{value} 不是日期（请用 2024-05-03 的格式）。",
    },
    "value.datetime": {
        "en": "{field}: {value} is not a date and time (use 2024-05-03 14:30).",
        "zh": "{field}：{value} 不是日期时间（请用 2024-05-03 14:30 的格式）。",
    },
    "value.number": {
        "en": "{field}: {value} is not a number.",
        "zh": "{field}：{value} 不是数字。",
    },
    "value.choice": {
        "en": "{field}: {value} is not one of {choices}.",
        "zh": "{field}：{value} 不是可选值（{choices}）之一。",
    },
    "value.range": {
        "en": "{field}: {value} must be between {min} and {max}.",
        "zh": "{field}：{value} 必须在 {min} 到 {max} 之间。",
    },
    "value.negative": {
        "en": "{field}: {value} must not be negative.",
        "zh": "{field}：{value} 不能为负数。",
    },
    "value.unknown_field": {
        "en": "{field} is not a customer field.",
        "zh": "{field}不是客户字段。",
    },
    # insight
    "insight.bad_days": {
        "en": "{value} is not a number of days from 1 to {max}. Enter a whole number of days.",
        "zh": "{value} 不是 1 到 {max} 之间的天数。请输入整数天数。",
    },
    # reports
    "report.unknown": {
        "en": "There is no report called {name}. Choose one of: {names}.",
        "zh": "没有名为 {name} 的报表。请从以下选择：{names}。",
    },
    "report.bad_period": {
        "en": "The period ends ({end}) before it starts ({start}). Swap the dates.",
        "zh": "期间的结束日期（{end}）早于开始日期（{start}）。请调换两个日期。",
    },
    "report.page_size": {
        "en": "Paper size {value} is not one of {choices}.",
        "zh": "纸张大小 {value} 不是 {choices} 之一。",
    },
    "report.needs_customer": {
        "en": "The profile report needs a customer: choose one first.",
        "zh": "客户档案报表需要指定客户：请先选择一位客户。",
        "cli_en": "The profile report needs a customer: give --customer ID.",
        "cli_zh": "客户档案报表需要指定客户：请加上 --customer 编号。",
    },
    "report.cancelled": {
        "en": "The report was cancelled; nothing was saved.",
        "zh": "报表已取消，没有保存任何内容。",
    },
    "report.cannot_write": {
        "en": "Cannot write report {path} ({detail}). Choose a folder you can write to.",
        "zh": "无法写入报表 {path}（{detail}）。请选择一个可写的文件夹。",
    },
    # import and export (exchange)
    "import.file_missing": {
        "en": "{path} does not exist. Check the file name and folder.",
        "zh": "文件 {path} 不存在。请检查文件名和文件夹。",
    },
    "import.empty": {
        "en": "{path} is empty: there is nothing to import. Choose the file that holds the data.",
        "zh": "{path} 是空的，没有可导入的内容。请选择包含数据的文件。",
    },
    "import.not_spreadsheet": {
        "en": "{path} is not a spreadsheet or contacts file (.xlsx, .xls, .ods, .csv or .vcf). Save it from Excel in one of these formats.",
        "zh": "{path} 不是电子表格或通讯录文件（.xlsx、.xls、.ods、.csv 或 .vcf）。请在 Excel 中另存为其中一种格式。",
    },
    "import.too_large": {
        "en": "{path} is larger than CRM Desktop reads ({detail}); nothing was imported. If it is a real list, split it into files of at most 1,000,000 rows; if stray cells sit far outside the table, delete those rows and columns in Excel and save again.",
        "zh": "{path} 超出了 CRM Desktop 能读取的大小（{detail}）；没有导入任何内容。如果确实是这么大的名单，请拆分成每个不超过 1,000,000 行的文件；如果表格外很远处有零散的单元格，请在 Excel 中删除那些行和列后重新保存。",
    },
    "import.damaged": {
        "en": "{path} is damaged or incomplete ({detail}). Open it in Excel, save it again and retry.",
        "zh": "{path} 已损坏或不完整（{detail}）。请用 Excel 打开后重新保存再试。",
    },
    "import.encrypted": {
        "en": "{path} is password-protected. Open it in Excel, remove the password, save and retry.",
        "zh": "{path} 设有密码保护。请在 Excel 中打开，取消密码后保存再试。",
    },
    "import.no_sheet": {
        "en": "{path} has no sheet called {sheet}. Its sheets are: {sheets}.",
        "zh": "{path} 中没有名为「{sheet}」的工作表。现有工作表：{sheets}。",
    },
    "import.no_columns": {
        "en": "No column of {path} is recognised ({headers}). Rename the headers (e.g. Name, Phone), or choose what each column holds in the column matching step.",
        "zh": "{path} 中没有可识别的列（{headers}）。请修改表头（如 姓名、手机），或在“对应列”一步为每一列选择对应的字段。",
        "cli_en": "No column of {path} is recognised ({headers}). Rename the headers (e.g. Name, Phone) or give a --mapping file.",
        "cli_zh": "{path} 中没有可识别的列（{headers}）。请修改表头（如 姓名、手机）或提供 --mapping 映射文件。",
    },
    "import.looks_like_form": {
        "en": "No customers found in {path} — this looks like a form or a template, not a list of people{sheets}. Choose the file that lists your customers.",
        "zh": "{path} 中没有找到客户——这看起来是一张表单或模板，而不是客户名单{sheets}。请选择列有客户的文件。",
    },
    "import.no_identity": {
        "en": "No customers found in {path}: no column says who a customer is (a name, company, phone or email; its columns: {headers}){sheets}. Choose the file that lists your customers, or match one of its columns to a name, company, phone or email.",
        "zh": "{path} 中没有找到客户：没有任何一列说明客户是谁（姓名、公司、电话或邮箱；现有列：{headers}）{sheets}。请选择列有客户的文件，或把其中一列对应到姓名、公司、电话或邮箱。",
    },
    "import.empty_sheets": {
        "en": "Every sheet of {path} is empty ({sheets}): there is nothing to import. Choose the file that holds the data.",
        "zh": "{path} 的每个工作表都是空的（{sheets}），没有可导入的内容。请选择包含数据的文件。",
    },
    "import.sheet_chosen": {
        "en": "Sheet {first} lists no customers, so sheet {sheet} was read (sheets and their rows: {sheets}).",
        "zh": "工作表「{first}」中没有客户，因此读取了工作表「{sheet}」（工作表及数据行数：{sheets}）。",
        "cli_en": "Sheet {first} lists no customers, so sheet {sheet} was read (sheets and their rows: {sheets}); choose another with --sheet NAME.",
        "cli_zh": "工作表「{first}」中没有客户，因此读取了工作表「{sheet}」（工作表及数据行数：{sheets}）；可用 --sheet 名称 另选。",
    },
    "import.no_rows": {
        "en": "{path} has a header row but no data rows. Nothing to import.",
        "zh": "{path} 只有表头，没有数据行。没有可导入的内容。",
    },
    "import.rejected_file": {
        "en": "Cannot write the list of problems to {path} ({detail}). Choose another .xlsx file in a folder you can write to.",
        "zh": "无法把问题清单写入 {path}（{detail}）。请在可写的文件夹中另选一个 .xlsx 文件。",
        "cli_en": "Cannot write the list of problems to {path} ({detail}). Choose another .xlsx file with --problems-file.",
        "cli_zh": "无法把问题清单写入 {path}（{detail}）。请用 --problems-file 另选一个 .xlsx 文件。",
    },
    "import.invalid_rows": {
        "en": "Rows with problems: {count}. The strict check is on, so nothing was imported; first: row {row}: {reason}. Fix them, or import without the strict check.",
        "zh": "有 {count} 行存在问题且开启了严格检查，因此没有导入任何数据；第一处：第 {row} 行：{reason}。请修正，或关闭严格检查后再导入。",
        "cli_en": "Rows with problems: {count}. --strict is on, so nothing was imported; first: row {row}: {reason}. Fix them, or import without --strict (unusable values are then kept aside in the notes).",
        "cli_zh": "有 {count} 行存在问题且使用了 --strict，因此没有导入任何数据；第一处：第 {row} 行：{reason}。请修正，或去掉 --strict 再导入（无法识别的值会保留在备注中）。",
    },
    "import.value_kept": {
        "en": "{reason} Kept in the notes as it was; the rest of the row was imported.",
        "zh": "{reason}已原样保留在备注中，这一行的其余内容照常导入。",
    },
    "import.no_one": {
        "en": "The row has no name, company, phone or email, so it identifies no one and was left out.",
        "zh": "这一行没有姓名、公司、电话或邮箱，无法对应到任何人，未导入。",
    },
    "import.summary": {
        "en": "{created} created, {updated} updated, {duplicates} duplicates, {kept} values kept aside, {left_out} rows left out",
        "zh": "新建 {created}，更新 {updated}，重复 {duplicates}，保留在备注中的值 {kept}，未导入的行 {left_out}",
    },
    "import.problems_written": {
        "en": "Every problem (row, column, value, reason) is listed in {path}.",
        "zh": "所有问题（行号、列、值、原因）已列在 {path}。",
    },
    "import.dup_email": {"en": "same email as {who}", "zh": "与{who}邮箱相同"},
    "import.dup_phone": {"en": "same phone and a similar name as {who}", "zh": "与{who}电话相同、姓名相近"},
    "import.dup_id": {"en": "same id and name as {who}", "zh": "与{who}编号和姓名相同"},
    "import.dup_name": {"en": "same name and company as {who}", "zh": "与{who}姓名和公司相同"},
    "import.dup_shares_phone": {
        "en": "shares a phone with {who}: another name, so another customer",
        "zh": "与{who}共用电话：姓名不同，按另一位客户导入",
    },
    "import.value_cut": {
        "en": "{field} had {length} characters, more than the {max} it holds: the first {max} were imported.",
        "zh": "{field}有 {length} 个字符，超过了上限 {max} 个：只导入了前 {max} 个。",
    },
    "import.zeros_restored": {
        "en": "{field} {value} had lost its leading zeros in a spreadsheet: imported as {restored}.",
        "zh": "{field} {value} 在电子表格中丢了开头的 0：已按 {restored} 导入。",
    },
    "import.zeros_lost": {
        "en": "{field} {value} may have lost leading zeros in a spreadsheet: imported as it is; please check it.",
        "zh": "{field} {value} 可能在电子表格中丢了开头的 0：已原样导入，请核对。",
    },
    "import.value_left_out": {
        "en": "{reason} That value was left out; the rest of the row was imported.",
        "zh": "{reason}该值未导入，这一行的其余内容照常导入。",
    },
    "import.notes": {
        "en": "{count} values could not be used whole (kept in the notes, cut to fit, or left out); their rows were imported:",
        "zh": "有 {count} 个值无法完整使用（保留在备注中、已截断或未导入），所在的行照常导入：",
    },
    "import.nothing_valid": {
        "en": "None of the {count} rows of {path} is valid, so nothing was imported. Check the column matching.",
        "zh": "{path} 的 {count} 行数据全部无效，没有导入任何数据。请检查列的对应关系。",
    },
    "import.cancelled": {
        "en": "The import was cancelled; nothing was changed.",
        "zh": "导入已取消，数据没有任何改动。",
    },
    "import.unknown_kind": {
        "en": "{kind} is not something that can be imported. Choose customers, follow-ups, deals or service records.",
        "zh": "无法导入「{kind}」。请选择客户、跟进、商机或服务记录。",
        "cli_en": "{kind} is not something that can be imported. Use customers, follow-ups, deals or service.",
        "cli_zh": "无法导入「{kind}」。请使用 customers、follow-ups、deals 或 service。",
    },
    "import.bad_mapping": {
        "en": 'Mapping file {path} cannot be used ({detail}). It must be JSON: {{"header": "field"}}.',
        "zh": '映射文件 {path} 无法使用（{detail}）。它必须是 JSON 格式：{{"表头": "字段"}}。',
    },
    "import.bad_target": {
        "en": "{target} is not a field that {kind} can be imported into. Choose a field from the list.",
        "cli_en": "{target} is not a field that {kind} can be imported into. Choose a field from the list.",
        "zh": "「{target}」不是这类记录可以导入的字段。请从列表中选择字段。",
        "cli_zh": "「{target}」不是 {kind} 可以导入的字段。请从列表中选择字段。",
    },
    "import.no_customer": {
        "en": "no customer matches {ref}; import the customers first or give the customer id",
        "zh": "没有与「{ref}」对应的客户；请先导入客户或填写客户编号",
    },
    "import.ambiguous_customer": {
        "en": "{count} customers are called {ref}; give the customer id or phone instead",
        "zh": "有 {count} 位客户名为「{ref}」；请改填客户编号或电话",
    },
    "import.no_customer_column": {
        "en": "{path} has no customer column (customer id, name or phone). Add one so each row can be linked to its customer.",
        "zh": "{path} 中没有客户列（客户编号、姓名或电话）。请添加一列，以便每行对应到客户。",
    },
    "import.unknown_stage": {
        "en": "{value} is not a pipeline stage; use one of {choices}",
        "zh": "「{value}」不是销售阶段；可选：{choices}",
    },
    "import.batch_not_found": {
        "en": "There is no import with id {id}. List the imports to find the right id.",
        "zh": "没有编号为 {id} 的导入记录。请先列出导入记录查找正确的编号。",
    },
    "import.batch_undone": {
        "en": "Import {id} was already undone on {when}.",
        "zh": "导入 {id} 已于 {when} 撤销。",
    },
    "export.cannot_write": {
        "en": "Cannot write {path} ({detail}). Close it in Excel if it is open, or choose another folder.",
        "zh": "无法写入 {path}（{detail}）。如已在 Excel 中打开请先关闭，或选择其他文件夹。",
    },
    "export.bad_format": {
        "en": "{path}: export writes .xlsx or .csv files. End the file name with one of these.",
        "zh": "{path}：只能导出为 .xlsx 或 .csv 文件。请使用这两种扩展名之一。",
    },
    "export.cancelled": {
        "en": "The export was cancelled; no file was written.",
        "zh": "导出已取消，没有写入文件。",
    },
    # command line
    "cli.bad_option": {"en": "{detail}", "zh": "{detail}"},
    # demo data
    "demo.not_empty": {
        "en": "{path} already holds customers; demo data goes only into an empty database. Choose a new file.",
        "zh": "{path} 中已有客户；演示数据只能写入空数据库。请选择一个新文件。",
    },
    "demo.bad_count": {
        "en": "The number of demo customers must be between 0 and {max} (got {value}). Choose another number.",
        "zh": "演示客户数量必须在 0 到 {max} 之间（当前为 {value}）。请换一个数字。",
    },
    "demo.cancelled": {
        "en": "Loading demo data was cancelled; nothing was changed.",
        "zh": "加载演示数据已取消，数据没有任何改动。",
    },
    # command line: what a finished command reports on stdout
    "cli.demo_done": {
        "en": "{path}: {customers} demo customers, {deals} deals, {follow_ups} follow-ups, {service} service records ({seconds:.1f} s).",
        "zh": "{path}：已生成 {customers} 位演示客户、{deals} 个商机、{follow_ups} 条跟进、{service} 条服务记录（{seconds:.1f} 秒）。",
    },
    "cli.backup_done": {"en": "Backup written to {path}.", "zh": "备份已写入 {path}。"},
    "cli.restore_done": {
        "en": "{path} restored from {backup}; the replaced file was kept as {kept}.",
        "zh": "已用 {backup} 恢复 {path}；被替换的文件保存为 {kept}。",
    },
    "cli.restore_done_new": {
        "en": "{path} restored from {backup}.",
        "zh": "已用 {backup} 恢复 {path}。",
    },
    "cli.check_ok": {
        "en": "{path}: integrity and foreign-key checks passed.",
        "zh": "{path}：完整性检查和外键检查均已通过。",
    },
    "cli.no_gui": {
        "en": "The window cannot start in this installation ({detail}). Use the commands listed by --help.",
        "zh": "此安装无法启动窗口（{detail}）。请使用 --help 列出的命令。",
    },
    "cli.unexpected": {
        "en": "The command stopped on an unexpected error ({detail}). Please report it with the command you ran.",
        "zh": "命令因意外错误而中止（{detail}）。请连同所运行的命令一起报告此问题。",
    },
    "cli.unexpected_logged": {
        "en": "The command stopped on an unexpected error ({detail}). Please report it with the details written to {log}.",
        "zh": "命令因意外错误而中止（{detail}）。请连同写入 {log} 的详细信息一起报告此问题。",
    },
    "cli.report_done": {
        "en": "Report written to {path} ({pages} page{plural}).",
        "zh": "报表已写入 {path}（共 {pages} 页）。",
    },
}


# Raised only by the command line (its own flags, files and output): the window never shows them.
CLI_ONLY = frozenset(
    {"import.bad_mapping", "cli.bad_option"} | {code for code in MESSAGES if code.startswith("cli.")}
)


# The operating system's reasons (OSError.strerror, in English whatever the locale) that a
# `{detail}` often carries, as a Chinese sentence says them (`text` swaps them in).
_OS_REASONS_ZH = {
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "文件已存在",
    errno.EROFS: "只读的磁盘或介质",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EBUSY: "文件正被占用",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "读写磁盘出错",
}
OS_REASONS_ZH = {os.strerror(code): zh for code, zh in _OS_REASONS_ZH.items()} | {
    # the same reasons as the code writes them itself before trying
    "no such folder": "文件夹不存在",
    "is a folder": "这是一个文件夹",
    "permission denied": "没有权限",
}


def default_lang() -> str:
    """The language of the user's environment: Chinese for zh_* locales, English otherwise."""
    for var in ("CRM_DESKTOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def text(code: str, lang: str | None = None, *, cli: bool = False, **params: object) -> str:
    """The sentence for `code` in `lang`, filled with `params`.

    `cli=True` (the command line) takes the entry's command-line variant where it has one.
    """
    lang = lang if lang in LANGS else default_lang()
    entry = MESSAGES.get(code)
    if entry is None:
        raise KeyError(f"no message {code!r}")
    template = entry.get(f"cli_{lang}", entry[lang]) if cli else entry[lang]
    detail = params.get("detail")
    if lang == "zh" and isinstance(detail, str) and detail in OS_REASONS_ZH:
        params = {**params, "detail": OS_REASONS_ZH[detail]}  # not "Permission denied" in Chinese
    return template.format(**params)
