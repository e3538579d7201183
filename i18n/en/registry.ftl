# catool's messages in English, registry area. Every entry has its twin in i18n/zh-CN/registry.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).
