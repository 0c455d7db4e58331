;; probes.wasm: the machine probe's inner loops (src/machine/latency.ts, bandwidth.ts, compute.ts).
;;
;; Why WebAssembly: each loop below compiles to the few instructions it names — a dependent load, a
;; 16-byte SIMD load or store, one divide — with no bounds check on x64 (V8 guards wasm memory with
;; unmapped pages), so what is timed is the memory system or the arithmetic unit, not the JIT.
;; The memory is imported, so one instance can be given a fresh memory of any size.
(module
  (import "env" "memory" (memory 1))

  ;; Follow a chain of byte offsets `loads` times from `start` (loads a multiple of 8) and return
  ;; where it ends: each i32.load needs the previous one's value, so loads never overlap and the
  ;; time per load is the latency of wherever the line lives.
  (func (export "chase") (param $p i32) (param $loads i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $loads) (i32.const 0)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $p (i32.load (local.get $p)))
        (local.set $loads (i32.sub (local.get $loads) (i32.const 8)))
        (br $next)))
    (local.get $p))

  ;; Read `bytes` from `base` (a multiple of 128) `passes` times with 16-byte SIMD loads, eight per
  ;; iteration into four independent integer accumulators (their adds take one cycle, so they never
  ;; hold the loads back). Returns a fold of the accumulators so the loads cannot be dropped.
  (func (export "read") (param $base i32) (param $bytes i32) (param $passes i32) (result i64)
    (local $p i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $end (i32.add (local.get $base) (local.get $bytes)))
    (block $allDone
      (loop $pass
        (br_if $allDone (i32.le_s (local.get $passes) (i32.const 0)))
        (local.set $p (local.get $base))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $a0 (i64x2.add (local.get $a0) (v128.load offset=0 (local.get $p))))
            (local.set $a1 (i64x2.add (local.get $a1) (v128.load offset=16 (local.get $p))))
            (local.set $a2 (i64x2.add (local.get $a2) (v128.load offset=32 (local.get $p))))
            (local.set $a3 (i64x2.add (local.get $a3) (v128.load offset=48 (local.get $p))))
            (local.set $a0 (i64x2.add (local.get $a0) (v128.load offset=64 (local.get $p))))
            (local.set $a1 (i64x2.add (local.get $a1) (v128.load offset=80 (local.get $p))))
            (local.set $a2 (i64x2.add (local.get $a2) (v128.load offset=96 (local.get $p))))
            (local.set $a3 (i64x2.add (local.get $a3) (v128.load offset=112 (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 128)))
            (br $next)))
        (local.set $passes (i32.sub (local.get $passes) (i32.const 1)))
        (br $pass)))
    (local.set $a0 (i64x2.add (i64x2.add (local.get $a0) (local.get $a1)) (i64x2.add (local.get $a2) (local.get $a3))))
    (i64.add (i64x2.extract_lane 0 (local.get $a0)) (i64x2.extract_lane 1 (local.get $a0))))

  ;; Fill `bytes` from `base` (a multiple of 128) with `value` in every byte, `passes` times, eight
  ;; 16-byte SIMD stores per iteration.
  (func (export "write") (param $base i32) (param $bytes i32) (param $passes i32) (param $value i32)
    (local $p i32) (local $end i32) (local $v v128)
    (local.set $v (i8x16.splat (local.get $value)))
    (local.set $end (i32.add (local.get $base) (local.get $bytes)))
    (block $allDone
      (loop $pass
        (br_if $allDone (i32.le_s (local.get $passes) (i32.const 0)))
        (local.set $p (local.get $base))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (v128.store offset=0 (local.get $p) (local.get $v))
            (v128.store offset=16 (local.get $p) (local.get $v))
            (v128.store offset=32 (local.get $p) (local.get $v))
            (v128.store offset=48 (local.get $p) (local.get $v))
            (v128.store offset=64 (local.get $p) (local.get $v))
            (v128.store offset=80 (local.get $p) (local.get $v))
            (v128.store offset=96 (local.get $p) (local.get $v))
            (v128.store offset=112 (local.get $p) (local.get $v))
            (local.set $p (i32.add (local.get $p) (i32.const 128)))
            (br $next)))
        (local.set $passes (i32.sub (local.get $passes) (i32.const 1)))
        (br $pass))))

  ;; Copy `bytes` from `src` to `dst` (both multiples of 128, not overlapping) `passes` times,
  ;; eight 16-byte SIMD load/store pairs per iteration.
  (func (export "copy") (param $dst i32) (param $src i32) (param $bytes i32) (param $passes i32)
    (local $p i32) (local $q i32) (local $end i32)
    (local.set $end (i32.add (local.get $src) (local.get $bytes)))
    (block $allDone
      (loop $pass
        (br_if $allDone (i32.le_s (local.get $passes) (i32.const 0)))
        (local.set $p (local.get $src))
        (local.set $q (local.get $dst))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (v128.store offset=0 (local.get $q) (v128.load offset=0 (local.get $p)))
            (v128.store offset=16 (local.get $q) (v128.load offset=16 (local.get $p)))
            (v128.store offset=32 (local.get $q) (v128.load offset=32 (local.get $p)))
            (v128.store offset=48 (local.get $q) (v128.load offset=48 (local.get $p)))
            (v128.store offset=64 (local.get $q) (v128.load offset=64 (local.get $p)))
            (v128.store offset=80 (local.get $q) (v128.load offset=80 (local.get $p)))
            (v128.store offset=96 (local.get $q) (v128.load offset=96 (local.get $p)))
            (v128.store offset=112 (local.get $q) (v128.load offset=112 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 128)))
            (local.set $q (i32.add (local.get $q) (i32.const 128)))
            (br $next)))
        (local.set $passes (i32.sub (local.get $passes) (i32.const 1)))
        (br $pass))))

  ;; 8 independent chains a_i = a_i / c per iteration: divides per ns when the divider, not latency, sets the pace.
  (func (export "divF64") (param $iterations i32) (param $c f64) (result f64)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64) (local $a4 f64) (local $a5 f64) (local $a6 f64) (local $a7 f64)
    (local.set $a0 (f64.const 1.0625))
    (local.set $a1 (f64.const 1.125))
    (local.set $a2 (f64.const 1.1875))
    (local.set $a3 (f64.const 1.25))
    (local.set $a4 (f64.const 1.3125))
    (local.set $a5 (f64.const 1.375))
    (local.set $a6 (f64.const 1.4375))
    (local.set $a7 (f64.const 1.5))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
        (local.set $a0 (f64.div (local.get $a0) (local.get $c)))
        (local.set $a1 (f64.div (local.get $a1) (local.get $c)))
        (local.set $a2 (f64.div (local.get $a2) (local.get $c)))
        (local.set $a3 (f64.div (local.get $a3) (local.get $c)))
        (local.set $a4 (f64.div (local.get $a4) (local.get $c)))
        (local.set $a5 (f64.div (local.get $a5) (local.get $c)))
        (local.set $a6 (f64.div (local.get $a6) (local.get $c)))
        (local.set $a7 (f64.div (local.get $a7) (local.get $c)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))
    (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (local.get $a0) (local.get $a1)) (local.get $a2)) (local.get $a3)) (local.get $a4)) (local.get $a5)) (local.get $a6)) (local.get $a7)))

  ;; The same with f64x2.div: 8 instructions, 16 divides per iteration.
  (func (export "divF64x2") (param $iterations i32) (param $c f64) (result f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $cv v128)
    (local.set $cv (f64x2.splat (local.get $c)))
    (local.set $a0 (f64x2.splat (f64.const 1.0625)))
    (local.set $a1 (f64x2.splat (f64.const 1.125)))
    (local.set $a2 (f64x2.splat (f64.const 1.1875)))
    (local.set $a3 (f64x2.splat (f64.const 1.25)))
    (local.set $a4 (f64x2.splat (f64.const 1.3125)))
    (local.set $a5 (f64x2.splat (f64.const 1.375)))
    (local.set $a6 (f64x2.splat (f64.const 1.4375)))
    (local.set $a7 (f64x2.splat (f64.const 1.5)))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
        (local.set $a0 (f64x2.div (local.get $a0) (local.get $cv)))
        (local.set $a1 (f64x2.div (local.get $a1) (local.get $cv)))
        (local.set $a2 (f64x2.div (local.get $a2) (local.get $cv)))
        (local.set $a3 (f64x2.div (local.get $a3) (local.get $cv)))
        (local.set $a4 (f64x2.div (local.get $a4) (local.get $cv)))
        (local.set $a5 (f64x2.div (local.get $a5) (local.get $cv)))
        (local.set $a6 (f64x2.div (local.get $a6) (local.get $cv)))
        (local.set $a7 (f64x2.div (local.get $a7) (local.get $cv)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))
    (local.set $a0 (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (local.get $a2)) (local.get $a3)) (local.get $a4)) (local.get $a5)) (local.get $a6)) (local.get $a7)))
    (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))

  ;; 8 independent multiplies a_i = a_i * c per iteration (c close to 1 keeps the values normal).
  (func (export "mulF64") (param $iterations i32) (param $c f64) (result f64)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64) (local $a4 f64) (local $a5 f64) (local $a6 f64) (local $a7 f64)
    (local.set $a0 (f64.const 1.0625))
    (local.set $a1 (f64.const 1.125))
    (local.set $a2 (f64.const 1.1875))
    (local.set $a3 (f64.const 1.25))
    (local.set $a4 (f64.const 1.3125))
    (local.set $a5 (f64.const 1.375))
    (local.set $a6 (f64.const 1.4375))
    (local.set $a7 (f64.const 1.5))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
        (local.set $a0 (f64.mul (local.get $a0) (local.get $c)))
        (local.set $a1 (f64.mul (local.get $a1) (local.get $c)))
        (local.set $a2 (f64.mul (local.get $a2) (local.get $c)))
        (local.set $a3 (f64.mul (local.get $a3) (local.get $c)))
        (local.set $a4 (f64.mul (local.get $a4) (local.get $c)))
        (local.set $a5 (f64.mul (local.get $a5) (local.get $c)))
        (local.set $a6 (f64.mul (local.get $a6) (local.get $c)))
        (local.set $a7 (f64.mul (local.get $a7) (local.get $c)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))
    (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (local.get $a0) (local.get $a1)) (local.get $a2)) (local.get $a3)) (local.get $a4)) (local.get $a5)) (local.get $a6)) (local.get $a7)))

  ;; The same with f64x2.mul: 16 multiplies per iteration.
  (func (export "mulF64x2") (param $iterations i32) (param $c f64) (result f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $cv v128)
    (local.set $cv (f64x2.splat (local.get $c)))
    (local.set $a0 (f64x2.splat (f64.const 1.0625)))
    (local.set $a1 (f64x2.splat (f64.const 1.125)))
    (local.set $a2 (f64x2.splat (f64.const 1.1875)))
    (local.set $a3 (f64x2.splat (f64.const 1.25)))
    (local.set $a4 (f64x2.splat (f64.const 1.3125)))
    (local.set $a5 (f64x2.splat (f64.const 1.375)))
    (local.set $a6 (f64x2.splat (f64.const 1.4375)))
    (local.set $a7 (f64x2.splat (f64.const 1.5)))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
        (local.set $a0 (f64x2.mul (local.get $a0) (local.get $cv)))
        (local.set $a1 (f64x2.mul (local.get $a1) (local.get $cv)))
        (local.set $a2 (f64x2.mul (local.get $a2) (local.get $cv)))
        (local.set $a3 (f64x2.mul (local.get $a3) (local.get $cv)))
        (local.set $a4 (f64x2.mul (local.get $a4) (local.get $cv)))
        (local.set $a5 (f64x2.mul (local.get $a5) (local.get $cv)))
        (local.set $a6 (f64x2.mul (local.get $a6) (local.get $cv)))
        (local.set $a7 (f64x2.mul (local.get $a7) (local.get $cv)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))
    (local.set $a0 (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (local.get $a2)) (local.get $a3)) (local.get $a4)) (local.get $a5)) (local.get $a6)) (local.get $a7)))
    (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))

  ;; 8 independent adds a_i = a_i + c per iteration.
  (func (export "addF64") (param $iterations i32) (param $c f64) (result f64)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64) (local $a4 f64) (local $a5 f64) (local $a6 f64) (local $a7 f64)
    (local.set $a0 (f64.const 1.0625))
    (local.set $a1 (f64.const 1.125))
    (local.set $a2 (f64.const 1.1875))
    (local.set $a3 (f64.const 1.25))
    (local.set $a4 (f64.const 1.3125))
    (local.set $a5 (f64.const 1.375))
    (local.set $a6 (f64.const 1.4375))
    (local.set $a7 (f64.const 1.5))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a1 (f64.add (local.get $a1) (local.get $c)))
        (local.set $a2 (f64.add (local.get $a2) (local.get $c)))
        (local.set $a3 (f64.add (local.get $a3) (local.get $c)))
        (local.set $a4 (f64.add (local.get $a4) (local.get $c)))
        (local.set $a5 (f64.add (local.get $a5) (local.get $c)))
        (local.set $a6 (f64.add (local.get $a6) (local.get $c)))
        (local.set $a7 (f64.add (local.get $a7) (local.get $c)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))
    (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (local.get $a0) (local.get $a1)) (local.get $a2)) (local.get $a3)) (local.get $a4)) (local.get $a5)) (local.get $a6)) (local.get $a7)))

  ;; The same with f64x2.add: 16 adds per iteration.
  (func (export "addF64x2") (param $iterations i32) (param $c f64) (result f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $cv v128)
    (local.set $cv (f64x2.splat (local.get $c)))
    (local.set $a0 (f64x2.splat (f64.const 1.0625)))
    (local.set $a1 (f64x2.splat (f64.const 1.125)))
    (local.set $a2 (f64x2.splat (f64.const 1.1875)))
    (local.set $a3 (f64x2.splat (f64.const 1.25)))
    (local.set $a4 (f64x2.splat (f64.const 1.3125)))
    (local.set $a5 (f64x2.splat (f64.const 1.375)))
    (local.set $a6 (f64x2.splat (f64.const 1.4375)))
    (local.set $a7 (f64x2.splat (f64.const 1.5)))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
        (local.set $a0 (f64x2.add (local.get $a0) (local.get $cv)))
        (local.set $a1 (f64x2.add (local.get $a1) (local.get $cv)))
        (local.set $a2 (f64x2.add (local.get $a2) (local.get $cv)))
        (local.set $a3 (f64x2.add (local.get $a3) (local.get $cv)))
        (local.set $a4 (f64x2.add (local.get $a4) (local.get $cv)))
        (local.set $a5 (f64x2.add (local.get $a5) (local.get $cv)))
        (local.set $a6 (f64x2.add (local.get $a6) (local.get $cv)))
        (local.set $a7 (f64x2.add (local.get $a7) (local.get $cv)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))
    (local.set $a0 (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (local.get $a2)) (local.get $a3)) (local.get $a4)) (local.get $a5)) (local.get $a6)) (local.get $a7)))
    (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))

  ;; One chain a = a + c, eight adds per iteration: each add waits for the last, so the time per add
  ;; is the add latency (the bound of a running sum `s += …`).
  (func (export "addChainF64") (param $iterations i32) (param $c f64) (result f64)
    (local $a0 f64)
    (local.set $a0 (f64.const 1.0625))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $a0 (f64.add (local.get $a0) (local.get $c)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))
    (local.get $a0))
)
