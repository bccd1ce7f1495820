/* Integer and floating-point arithmetic, loops that vectorize, bit tricks. */
#include <stdint.h>
#include <math.h>

double dot(const double *a, const double *b, int n) { double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }
float sum_f(const float *a, int n) { float s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
void saxpy(float *restrict y, const float *restrict x, float a, int n) { for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i]; }
void add_i32(int *restrict c, const int *restrict a, const int *restrict b, int n) { for (int i = 0; i < n; i++) c[i] = a[i] + b[i]; }
void scale_u8(uint8_t *restrict p, int n) { for (int i = 0; i < n; i++) p[i] = (uint8_t)(p[i] >> 1); }
int64_t sum_i64(const int64_t *a, long n) { int64_t s = 0; for (long i = 0; i < n; i++) s += a[i]; return s; }
void matmul(double *restrict c, const double *restrict a, const double *restrict b, int n) {
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = 0; for (int k = 0; k < n; k++) s += a[i*n+k] * b[k*n+j]; c[i*n+j] = s; }
}
double poly(double x) { return ((3.0 * x + 2.0) * x - 1.5) * x + 0.25; }
double hyp(double a, double b) { return sqrt(a * a + b * b); }
float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }
int popcount32(uint32_t v) { return __builtin_popcount(v); }
int ctz64(uint64_t v) { return v ? __builtin_ctzll(v) : 64; }
int clz32(uint32_t v) { return v ? __builtin_clz(v) : 32; }
uint32_t rotl(uint32_t v, int r) { return (v << (r & 31)) | (v >> ((32 - r) & 31)); }
uint64_t bswap(uint64_t v) { return __builtin_bswap64(v); }
int64_t mul_div(int64_t a, int64_t b, int64_t c) { return c ? a * b / c : 0; }
uint64_t umod(uint64_t a, uint64_t b) { return b ? a % b : 0; }
int8_t sat_add(int8_t a, int8_t b) { int s = a + b; return s > 127 ? 127 : s < -128 ? -128 : (int8_t)s; }
long double ld_mul(long double a, long double b) { return a * b + 1.0L; }
double to_double(long v) { return (double)v; }
long to_long(double v) { return (long)v; }
float to_float(unsigned v) { return (float)v; }
unsigned to_unsigned(float v) { return (unsigned)v; }
int isqrt(unsigned v) { unsigned r = 0, b = 1u << 30; while (b > v) b >>= 2; while (b) { if (v >= r + b) { v -= r + b; r = (r >> 1) + b; } else r >>= 1; b >>= 2; } return (int)r; }
void minmax(const int *a, int n, int *mn, int *mx) { int lo = a[0], hi = a[0]; for (int i = 1; i < n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i]; } *mn = lo; *mx = hi; }
double mean_sq(const float *a, int n) { double s = 0; for (int i = 0; i < n; i++) s += (double)a[i] * a[i]; return n ? s / n : 0; }
