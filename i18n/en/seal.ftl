# catool's messages in English, seal area. Every entry has its twin in i18n/zh-CN/seal.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).
