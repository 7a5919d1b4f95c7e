<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<!--
  Qt's own strings that Qt's qtbase_zh_CN.qm (PySide6 6.11) lacks: Qt 6 changed them (added a
  mnemonic, or moved them to another context) and its Chinese catalogue still holds only the
  old ones ("Look in:", QFileDialog's "Folder"), so the file dialog spoke English in the
  Chinese window. Kept by hand (no SOURCE_SETS entry: lupdate
  never touches this file); compiled into the one .qm with the others, which the app installs
  after Qt's, so these win. tests/gui/test_chinese_window.py lists what the dialogs show.
-->
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>File Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷方式</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
</TS>
