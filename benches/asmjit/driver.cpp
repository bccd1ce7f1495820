// The peer benchmark's workloads with AsmJit's x86::Assembler, for scripts/bench.sh.
//
// Same block, same operands (the same SplitMix64 stream as benches/peers/params.rs) and the
// same output lines as the Rust benchmark:
//   R<TAB>row<TAB>asmjit<TAB>value<TAB>unit<TAB>bytes
// AsmJit has one kind of label (newLabel/bind), so variants (a) and (b), and (c) and (d),
// run the same code. Bytes come from CodeHolder::copyFlattenedData after relocating to 0.
//
//   g++ -O2 -std=c++17 benches/asmjit/driver.cpp -lasmjit -lrt -lpthread -o /tmp/asmjit_driver
//   /tmp/asmjit_driver [quick] [jit|emit]    (jit: only the JIT rows; emit: all but those)

#include <asmjit/x86.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <vector>

using namespace asmjit;

namespace {

constexpr size_t kBlock = 16;
constexpr size_t kTotal = 1000000;
constexpr size_t kSmall = 400;
constexpr size_t kFunctions = 10000;
constexpr size_t kCycles = 2000;

struct Params {
  uint8_t r[8], b[2], i[2];
  int32_t imm;
  int8_t imm8;
  int8_t d8[2];
  int32_t d32;
  uint8_t sh;
  int32_t cmp;
};

struct Rng {
  uint64_t s;
  uint64_t next() {
    s += 0x9e3779b97f4a7c15ull;
    uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint8_t reg(std::initializer_list<uint8_t> no) {
    for (;;) {
      uint8_t r = uint8_t(next() % 16);
      if (std::find(no.begin(), no.end(), r) == no.end()) return r;
    }
  }
  int32_t wide() {
    int32_t v = int32_t(0x100 + next() % 0x7ffffe00ull);
    return (next() & 1) ? -v : v;
  }
  int8_t d8() {
    for (;;) {
      int8_t v = int8_t(uint8_t(next()));
      if (v != 0) return v;
    }
  }
};

std::vector<Params> blocks(size_t n) {
  Rng g{20261202};
  std::vector<Params> out(n);
  for (auto& p : out) {
    for (auto& x : p.r) x = g.reg({4});
    p.b[0] = g.reg({4, 12});
    p.b[1] = g.reg({4, 12});
    p.i[0] = g.reg({4});
    p.i[1] = g.reg({4});
    int32_t w = g.wide();
    p.imm = w < 0 ? w : -w;
    p.imm8 = int8_t(uint8_t(g.next()));
    p.d8[0] = g.d8();
    p.d8[1] = g.d8();
    p.d32 = g.wide();
    p.sh = uint8_t(2 + g.next() % 62);
    p.cmp = g.wide();
  }
  return out;
}

void literal(x86::Assembler& a) {
  using namespace x86;
  Label top = a.newLabel();
  Label done = a.newLabel();
  a.bind(top);
  a.mov(r9, -0x12345678);
  a.mov(r10, rbx);
  a.add(r10, r9);
  a.sub(r11, 16);
  a.imul(r12, r10);
  a.lea(r13, ptr(rsi, r14, 3, 24));
  a.mov(rax, qword_ptr(r15, 0x12345));
  a.mov(dword_ptr(rdi, r8, 2, 8), ecx);
  a.xor_(rdx, r13);
  a.shl(r12, 3);
  a.cmp(r9, 0x10000);
  a.jne(top);
  a.inc(r14);
  a.push(r15);
  a.pop(rbx);
  a.call(done);
  a.bind(done);
}

void runtime(x86::Assembler& a, const Params& p) {
  using namespace x86;
  Gpq r0 = gpq(p.r[0]), r1 = gpq(p.r[1]), r2 = gpq(p.r[2]), r3 = gpq(p.r[3]);
  Gpq r4 = gpq(p.r[4]), r5 = gpq(p.r[5]), r6 = gpq(p.r[6]), r7 = gpq(p.r[7]);
  Gpq b0 = gpq(p.b[0]), b1 = gpq(p.b[1]), i0 = gpq(p.i[0]), i1 = gpq(p.i[1]);
  Label top = a.newLabel();
  Label done = a.newLabel();
  a.bind(top);
  a.mov(r0, p.imm);
  a.mov(r1, r2);
  a.add(r1, r0);
  a.sub(r3, p.imm8);
  a.imul(r4, r1);
  a.lea(r5, ptr(b0, i0, 3, p.d8[0]));
  a.mov(r6, qword_ptr(b1, p.d32));
  a.mov(dword_ptr(b0, i1, 2, p.d8[1]), gpd(p.r[7]));
  a.xor_(r7, r5);
  a.shl(r4, p.sh);
  a.cmp(r0, p.cmp);
  a.jne(top);
  a.inc(r3);
  a.push(r2);
  a.pop(r6);
  a.call(done);
  a.bind(done);
}

// One assembly of `n` blocks into bytes (into `keep` when given); returns the length.
size_t assemble(const Environment& env, bool rt, const Params* ps, size_t n,
                std::vector<uint8_t>* keep = nullptr) {
  CodeHolder code;
  code.init(env);
  x86::Assembler a(&code);
  for (size_t k = 0; k < n; k++) {
    if (rt) runtime(a, ps[k]); else literal(a);
  }
  code.flatten();
  code.resolveUnresolvedLinks();
  code.relocateToBase(0);
  std::vector<uint8_t> out(code.codeSize());
  code.copyFlattenedData(out.data(), out.size());
  if (keep) *keep = out;
  return out.size();
}

// One warm-up run, then the median of `reps` timed runs.
double median_ns(int reps, const std::function<size_t()>& f, size_t* out) {
  std::vector<double> t;
  *out = f();
  for (int k = 0; k < reps; k++) {
    auto s = std::chrono::steady_clock::now();
    *out = f();
    auto e = std::chrono::steady_clock::now();
    t.push_back(std::chrono::duration<double, std::nano>(e - s).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void report(const char* row, double v, const char* unit, size_t bytes) {
  std::printf("R\t%s\tasmjit\t%.3f\t%s\t%zu\n", row, v, unit, bytes);
}

size_t rss_bytes() {
  std::ifstream f("/proc/self/statm");
  size_t size = 0, resident = 0;
  f >> size >> resident;
  return resident * 4096;
}

typedef int64_t (*Fn)(int64_t);

// 10,000 live functions in one JitRuntime, each added and called once; released by the caller.
std::vector<Fn> functions(JitRuntime& rt) {
  std::vector<Fn> fns;
  for (size_t i = 0; i < kFunctions; i++) {
    CodeHolder code;
    code.init(rt.environment());
    x86::Assembler a(&code);
    a.mov(x86::rax, int64_t(i));
    a.add(x86::rax, x86::rdi);
    a.ret();
    Fn f;
    if (rt.add(&f, &code) != kErrorOk || f(1) != int64_t(i) + 1) std::abort();
    fns.push_back(f);
  }
  return fns;
}

size_t factorial_cycle(JitRuntime& rt) {
  CodeHolder code;
  code.init(rt.environment());
  x86::Assembler a(&code);
  Label again = a.newLabel();
  a.mov(x86::rcx, x86::rdi);
  a.mov(x86::eax, 1);
  a.bind(again);
  a.imul(x86::rax, x86::rcx);
  a.dec(x86::rcx);
  a.jnz(again);
  a.ret();
  size_t len = code.codeSize();
  Fn f;
  volatile int64_t n = 10;
  if (rt.add(&f, &code) != kErrorOk || f(n) != 3628800) std::abort();
  rt.release(f);
  return len;
}

}  // namespace

// The JIT rows: 10,000 live functions and the factorial cycle.
void jit_rows(int reps) {
  JitRuntime jit;
  size_t n = 0;
  double ns = median_ns(reps, [&] {
    std::vector<Fn> live = functions(jit);
    for (Fn f : live) jit.release(f);
    return live.size();
  }, &n);
  report("jit10k", ns / 1e3 / kFunctions, "us/fn", 0);
  ns = median_ns(reps, [&] {
    size_t total = 0;
    for (size_t k = 0; k < kCycles; k++) total += factorial_cycle(jit);
    return total;
  }, &n);
  report("fact", ns / 1e3 / kCycles, "us/cycle", factorial_cycle(jit));
}

int main(int argc, char** argv) {
  bool quick = false, jit_only = false, emit_only = false;
  for (int k = 1; k < argc; k++) {
    quick |= std::strcmp(argv[k], "quick") == 0;
    jit_only |= std::strcmp(argv[k], "jit") == 0;
    emit_only |= std::strcmp(argv[k], "emit") == 0;
  }
  int reps = quick ? 3 : 7;
  if (jit_only) {
    jit_rows(quick ? 3 : 5);
    return 0;
  }
  {
    // Measured first, while the allocator holds nothing from earlier work.
    JitRuntime fresh;
    size_t before = rss_bytes();
    std::vector<Fn> live = functions(fresh);
    size_t after = rss_bytes();
    for (Fn f : live) fresh.release(f);
    report("rss10k", double(after > before ? after - before : 0) / 1024.0, "KiB", 0);
  }
  // The heap grown once before the emit rows, as benches/peers does (see `warm_heap` there):
  // two written blocks of 24 MiB, the first raising glibc's threshold for its own mappings.
  for (int k = 0; k < 2; k++) {
    std::vector<uint8_t> warm(size_t(24) << 20, 1);
    asm volatile("" : : "r"(warm.data()) : "memory");
  }
  std::vector<Params> ps = blocks(kTotal / kBlock);
  Environment env = Environment::host();
  const char* keys[4] = {"a", "b", "c", "d"};
  for (int v = 0; v < 4; v++) {
    bool rt = v >= 2;
    std::vector<uint8_t> first;
    assemble(env, rt, ps.data(), 4, &first);
    std::printf("H\t%s\tasmjit\t", keys[v]);
    for (uint8_t b : first) std::printf("%02x", b);
    std::printf("\n");
    char row[16];
    size_t bytes = 0;
    double ns = median_ns(reps, [&] { return assemble(env, rt, ps.data(), ps.size()); }, &bytes);
    std::snprintf(row, sizeof row, "%s_1M", keys[v]);
    report(row, ns / kTotal, "ns/instr", bytes);
    size_t per = kSmall / kBlock;
    ns = median_ns(reps, [&] {
      size_t total = 0;
      for (size_t k = 0; k < ps.size(); k += per) total += assemble(env, rt, ps.data() + k, per);
      return total;
    }, &bytes);
    std::snprintf(row, sizeof row, "%s_400", keys[v]);
    report(row, ns / kTotal, "ns/instr", bytes);
  }
  if (!emit_only) jit_rows(quick ? 3 : 5);
  return 0;
}
