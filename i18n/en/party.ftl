# catool's messages in English, party area. Every entry has its twin in i18n/zh-CN/party.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).
