"""The core's small catalogue of user-visible sentences, in Chinese and English.

The core raises `CrmError` with a code and parameters; whoever shows the error (the command
line or the UI) picks the language. Keep every sentence to one line that says what happened
and what to do.
"""

from __future__ import annotations

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
    "check.failed": {
        "en": "Integrity check of {path} found problems: {detail}. Restore the newest backup.",
        "zh": "{path} 的完整性检查发现问题：{detail}。请恢复最新的备份。",
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
        "en": "Stage {name} still has {count} deals. Choose a stage to move them to first.",
        "zh": "阶段「{name}」中还有 {count} 个商机。请先选择要移入的阶段。",
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
        "en": "{value} is not a known {category} kind. Choose one from the list, or add it in Settings first.",
        "zh": "「{value}」不是已有的{category}类型。请从列表中选择，或先在设置中添加。",
    },
    "stage.last_outcome": {
        "en": "Stage {name} is the only {outcome} stage; the pipeline needs one. Add another {outcome} stage first.",
        "zh": "阶段「{name}」是唯一的{outcome}阶段，销售流程至少需要一个。请先添加另一个{outcome}阶段。",
    },
    "stage.move_target": {
        "en": "Deals of stage {name} cannot move to {target}: choose another stage of the same kind ({outcome}).",
        "zh": "阶段「{name}」的商机不能移入「{target}」：请选择另一个同类（{outcome}）阶段。",
    },
    "stage.outcome_in_use": {
        "en": "Stage {name} still has {count} deals, so it cannot change between open, won and lost. Move them first.",
        "zh": "阶段「{name}」中还有 {count} 个商机，不能更改其进行中/赢单/输单类型。请先移走这些商机。",
    },
    "stage.none_for_outcome": {
        "en": "The pipeline has no {outcome} stage. Add one in Settings first.",
        "zh": "销售流程中没有{outcome}阶段。请先在设置中添加一个。",
    },
    "deal.not_closed": {
        "en": "Deal {id} is still open, so it cannot be reopened.",
        "zh": "商机 {id} 仍在进行中，无需重新打开。",
    },
    "deal.quick_sale_title": {"en": "Quick sale", "zh": "快速销售"},
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
    "value.required": {"en": "{field} must not be empty.", "zh": "{field} 不能为空。"},
    "value.too_long": {
        "en": "{field} is longer than {max} characters.",
        "zh": "{field} 超过了 {max} 个字符。",
    },
    "value.email": {
        "en": "{field}: {value} is not a valid email address.",
        "zh": "{field}：{value} 不是有效的电子邮箱。",
    },
    "value.phone": {
        "en": "{field}: {value} is not a valid phone number.",
        "zh": "{field}：{value} 不是有效的电话号码。",
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
        "zh": "{field} 不是客户字段。",
    },
    # command line
    "cli.bad_option": {"en": "{detail}", "zh": "{detail}"},
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


def text(code: str, lang: str | None = None, **params: object) -> str:
    """The sentence for `code` in `lang`, filled with `params`."""
    lang = lang if lang in LANGS else default_lang()
    entry = MESSAGES.get(code)
    if entry is None:
        raise KeyError(f"no message {code!r}")
    return entry[lang].format(**params)
