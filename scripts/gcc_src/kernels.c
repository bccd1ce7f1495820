/* Loops compilers vectorize: the AVX-512 input of the gcc corpus (with -O3 -march=x86-64-v4). */
#include <stddef.h>
#include <stdint.h>

void saxpy(float *restrict y, const float *restrict x, float a, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}

double dot(const double *restrict a, const double *restrict b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

int32_t masked_sum(const int32_t *restrict a, int32_t t, size_t n) {
    int32_t s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] > t ? a[i] : 0;
    return s;
}

void clamp_i32(int32_t *restrict a, int32_t lo, int32_t hi, size_t n) {
    for (size_t i = 0; i < n; i++) a[i] = a[i] < lo ? lo : (a[i] > hi ? hi : a[i]);
}

void add_sat_u8(uint8_t *restrict d, const uint8_t *restrict a, const uint8_t *restrict b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned s = a[i] + b[i];
        d[i] = s > 255 ? 255 : s;
    }
}

void gather_f32(float *restrict d, const float *restrict t, const int32_t *restrict idx, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = t[idx[i]];
}

void to_int(int32_t *restrict d, const float *restrict s, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = (int32_t)s[i];
}

void widen_u8(uint32_t *restrict d, const uint8_t *restrict s, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = s[i];
}

void narrow_i64(int16_t *restrict d, const int64_t *restrict s, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = (int16_t)s[i];
}

void mul_u64(uint64_t *restrict d, const uint64_t *restrict a, const uint64_t *restrict b, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = a[i] * b[i];
}

void f2d(double *restrict d, const float *restrict s, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = s[i] * 0.5;
}

size_t count_eq(const uint16_t *restrict a, uint16_t v, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += a[i] == v;
    return c;
}

void select_min(float *restrict d, const float *restrict a, const float *restrict b, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = a[i] < b[i] ? a[i] : b[i];
}

void shifts(uint32_t *restrict d, const uint32_t *restrict a, const uint32_t *restrict s, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = (a[i] << (s[i] & 31)) ^ (a[i] >> 3);
}
