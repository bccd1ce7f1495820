/* Structures, pointers, switch tables, recursion, calls through function pointers. */
#include <stddef.h>
#include <stdint.h>

struct node { struct node *next; int key; double val; };
struct vec3 { float x, y, z; };
struct rec { char tag; short s; int i; long l; char name[13]; };

int list_len(const struct node *n) { int c = 0; for (; n; n = n->next) c++; return c; }
struct node *list_find(struct node *n, int key) { while (n && n->key != key) n = n->next; return n; }
double list_sum(const struct node *n) { double s = 0; for (; n; n = n->next) s += n->val; return s; }
struct vec3 cross(struct vec3 a, struct vec3 b) { struct vec3 r = { a.y*b.z - a.z*b.y, a.z*b.x - a.x*b.z, a.x*b.y - a.y*b.x }; return r; }
float vdot(const struct vec3 *a, const struct vec3 *b) { return a->x*b->x + a->y*b->y + a->z*b->z; }
void rec_init(struct rec *r, char t) { r->tag = t; r->s = -3; r->i = 100000; r->l = -1L << 40; for (int i = 0; i < 13; i++) r->name[i] = (char)('a' + i); }
int classify(int op) {
    switch (op) { case 0: return 10; case 1: return 21; case 2: return 32; case 3: return 43; case 4: return 54; case 5: return 65; case 6: return 76; default: return -1; }
}
long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
long fact(int n) { long r = 1; while (n > 1) r *= n--; return r; }
typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
int apply(binop f, int a, int b) { return f(a, b); }
int apply_both(int a, int b) { return apply(add, a, b) * apply(sub, a, b); }
void swap_ptr(void **a, void **b) { void *t = *a; *a = *b; *b = t; }
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
void insertion_sort(int *a, int n) { for (int i = 1; i < n; i++) { int v = a[i], j = i - 1; while (j >= 0 && cmp_int(&a[j], &v) > 0) { a[j + 1] = a[j]; j--; } a[j + 1] = v; } }
int binsearch(const int *a, int n, int key) { int lo = 0, hi = n - 1; while (lo <= hi) { int m = lo + (hi - lo) / 2; if (a[m] == key) return m; if (a[m] < key) lo = m + 1; else hi = m - 1; } return -1; }
uint8_t get_byte(const struct rec *r, size_t i) { return (uint8_t)r->name[i % 13]; }
int64_t sext(int32_t v) { return v; }
uint64_t zext(uint32_t v) { return v; }
int16_t narrow(int64_t v) { return (int16_t)v; }
_Bool is_neg(long v) { return v < 0; }
int select3(int c, int a, int b) { return c > 0 ? a : c < 0 ? b : a + b; }
extern int global_counter;
void bump(void) { global_counter++; }
const char *greeting(void) { return "hello, world"; }
