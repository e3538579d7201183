# catool 的中文消息（seal）。每一条在 i18n/en/seal.ftl 中都有对应英文条目；
# 代码以 msg!("id") 引用每一条（src/i18n/tests.rs 检查两种语言）。
