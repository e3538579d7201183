# catool 的中文帮助（--help）。英文帮助即代码中的文档注释（也生成 man 手册）。
# 键名：help-<命令路径>（命令说明）、help-<命令路径>-arg-<参数>（参数）、help-global-<参数>（全局选项）、
# help-<命令路径>-after（选项之后的说明）。src/cli/help_text.rs 的测试检查每个命令和参数都有条目。
help-heading-usage = 用法：
help-heading-commands = 命令：
help-heading-arguments = 参数：
help-heading-options = 选项：
help-flag-help = 显示帮助
help-flag-version = 显示版本
