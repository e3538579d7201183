# Sourced by the benchmarks: gen_persons N prints N persons for a registry.
# "name id-number" per line: 测试0001 … with 17 digits (region 110108, a birth date, a
# sequence number) and the GB 11643-1999 check character (weights 7 9 10 5 8 4 2 1 6 3 7 9
# 10 5 8 4 2, sum mod 11 indexes "10X98765432").
gen_persons() {
    awk -v n="$1" 'BEGIN {
        split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
        check = "10X98765432"
        for (i = 1; i <= n; i++) {
            d = int((i - 1) / 999)           # 999 sequence numbers per birth date
            base = sprintf("110108%04d%02d%02d%03d", 1990 + int(d / 336),
                           1 + int((d % 336) / 28), 1 + d % 28, (i - 1) % 999 + 1)
            sum = 0
            for (k = 1; k <= 17; k++) sum += substr(base, k, 1) * w[k]
            printf "测试%04d %s%s\n", i, base, substr(check, sum % 11 + 1, 1)
        }
    }'
}
