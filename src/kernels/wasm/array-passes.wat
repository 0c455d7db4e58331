;; array-passes.wasm: the numpy-style passes of `broadcast` and `chunked` (range → divide → square →
;; sum) as WebAssembly f64x2 SIMD loops over float64 arrays in linear memory.
;;
;; Each pass is one loop over its arrays, as each numpy ufunc call is one compiled loop: range writes
;; 8 B per element; divide and square read 8 B and write 8 B; sum reads 8 B. Whether those bytes come
;; from L1, L2, L3 or DRAM is what `broadcast-simd` (whole arrays) against `chunked-simd` (chunks that
;; fit in cache) shows. Every pass is correctly rounded element by element (IEEE add, multiply,
;; divide), and sum adds in numpy's pairwise order, so the results are bit for bit those of the scalar
;; twins in array-steps.ts and of numpy itself.
;;
;; The memory is imported: the caller owns it (src/kernels/wasm-passes.ts) and decides whether it is
;; fresh per call or reused. Arrays are given by byte address (an unsigned i32: a wasm32 memory holds
;; at most 4 GiB) and length in elements; the caller keeps addresses 16-byte aligned. Loops count
;; elements down rather than compare addresses, so an array that ends exactly at 4 GiB (where the
;; address would wrap to 0) is handled too.
;;
;; Vector operations per element, besides the loop counter: range 0.5 store + 0.5 add; divide
;; 0.5 load + 0.5 div + 0.5 store; square 0.5 load + 0.5 mul + 0.5 store; sum 0.5 load + 0.5 add.
;; The one constant used in a loop (1, or the range step 4) is read from a mutable global into a
;; local first: V8 would otherwise rematerialise a v128.const at every use inside the loop.
(module
  (import "env" "memory" (memory 0))
  (global $ONE (mut v128) (v128.const f64x2 1 1))
  (global $FOUR (mut v128) (v128.const f64x2 4 4))

  ;; range: out[i] = first + i for i < length (np.arange). first + i ≤ 2^53 is exact.
  (func $range (export "range") (param $out i32) (param $first f64) (param $length i32)
    (local $v0 v128) (local $v1 v128) (local $step v128) (local $x f64)
    (local.set $step (global.get $FOUR))
    (local.set $v0 (f64x2.add (f64x2.splat (local.get $first)) (v128.const f64x2 0 1)))
    (local.set $v1 (f64x2.add (f64x2.splat (local.get $first)) (v128.const f64x2 2 3)))
    (block $done
      (loop $next
        (br_if $done (i32.lt_u (local.get $length) (i32.const 4)))
        (v128.store (local.get $out) (local.get $v0))
        (v128.store offset=16 (local.get $out) (local.get $v1))
        (local.set $v0 (f64x2.add (local.get $v0) (local.get $step)))
        (local.set $v1 (f64x2.add (local.get $v1) (local.get $step)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $length (i32.sub (local.get $length) (i32.const 4)))
        (br $next)))
    ;; The last 0..3 elements continue from lane 0 of v0.
    (local.set $x (f64x2.extract_lane 0 (local.get $v0)))
    (block $tailDone
      (loop $tailNext
        (br_if $tailDone (i32.eqz (local.get $length)))
        (f64.store (local.get $out) (local.get $x))
        (local.set $x (f64.add (local.get $x) (f64.const 1)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $length (i32.sub (local.get $length) (i32.const 1)))
        (br $tailNext))))

  ;; divide: out[i] = 1 / in[i] (numpy's broadcast `1 / r`). out may be in.
  (func $divide (export "divide") (param $out i32) (param $in i32) (param $length i32)
    (local $one v128)
    (local.set $one (global.get $ONE))
    (block $done
      (loop $next
        (br_if $done (i32.lt_u (local.get $length) (i32.const 4)))
        (v128.store (local.get $out) (f64x2.div (local.get $one) (v128.load (local.get $in))))
        (v128.store offset=16 (local.get $out)
          (f64x2.div (local.get $one) (v128.load offset=16 (local.get $in))))
        (local.set $in (i32.add (local.get $in) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $length (i32.sub (local.get $length) (i32.const 4)))
        (br $next)))
    (block $tailDone
      (loop $tailNext
        (br_if $tailDone (i32.eqz (local.get $length)))
        (f64.store (local.get $out) (f64.div (f64.const 1) (f64.load (local.get $in))))
        (local.set $in (i32.add (local.get $in) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $length (i32.sub (local.get $length) (i32.const 1)))
        (br $tailNext))))

  ;; square: out[i] = in[i]² (np.square). out may be in.
  (func $square (export "square") (param $out i32) (param $in i32) (param $length i32)
    (local $v0 v128) (local $v1 v128) (local $x f64)
    (block $done
      (loop $next
        (br_if $done (i32.lt_u (local.get $length) (i32.const 4)))
        (local.set $v0 (v128.load (local.get $in)))
        (local.set $v1 (v128.load offset=16 (local.get $in)))
        (v128.store (local.get $out) (f64x2.mul (local.get $v0) (local.get $v0)))
        (v128.store offset=16 (local.get $out) (f64x2.mul (local.get $v1) (local.get $v1)))
        (local.set $in (i32.add (local.get $in) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $length (i32.sub (local.get $length) (i32.const 4)))
        (br $next)))
    (block $tailDone
      (loop $tailNext
        (br_if $tailDone (i32.eqz (local.get $length)))
        (local.set $x (f64.load (local.get $in)))
        (f64.store (local.get $out) (f64.mul (local.get $x) (local.get $x)))
        (local.set $in (i32.add (local.get $in) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $length (i32.sub (local.get $length) (i32.const 1)))
        (br $tailNext))))

  ;; sum: in[0] + … + in[length−1] in numpy's pairwise order (pairwise_sum in numpy's
  ;; loops_utils.h, PW_BLOCKSIZE 128): fewer than 8 values left to right from 0; up to 128 values in
  ;; 8 interleaved accumulators r0..r7 — here four f64x2 vectors, lanes (r0 r1) (r2 r3) (r4 r5)
  ;; (r6 r7) — combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the rest left to right; longer
  ;; runs split at half rounded down to a multiple of 8 and recurse. O(length), O(log length) stack.
  (func $sum (export "sum") (param $in i32) (param $length i32) (result f64)
    (local $half i32) (local $end i32) (local $res f64)
    (local $r01 v128) (local $r23 v128) (local $r45 v128) (local $r67 v128)
    (if (i32.gt_u (local.get $length) (i32.const 128))
      (then
        (local.set $half (i32.and (i32.shr_u (local.get $length) (i32.const 1)) (i32.const -8)))
        (return (f64.add
          (call $sum (local.get $in) (local.get $half))
          (call $sum
            (i32.add (local.get $in) (i32.shl (local.get $half) (i32.const 3)))
            (i32.sub (local.get $length) (local.get $half)))))))
    (if (i32.ge_u (local.get $length) (i32.const 8))
      (then
        (local.set $r01 (v128.load (local.get $in)))
        (local.set $r23 (v128.load offset=16 (local.get $in)))
        (local.set $r45 (v128.load offset=32 (local.get $in)))
        (local.set $r67 (v128.load offset=48 (local.get $in)))
        ;; Whole groups of 8 after the first: `end` is the element count they reach.
        (local.set $end (i32.and (local.get $length) (i32.const -8)))
        (local.set $length (i32.sub (local.get $length) (local.get $end)))
        (local.set $in (i32.add (local.get $in) (i32.const 64)))
        (local.set $end (i32.sub (local.get $end) (i32.const 8)))
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get $end)))
            (local.set $r01 (f64x2.add (local.get $r01) (v128.load (local.get $in))))
            (local.set $r23 (f64x2.add (local.get $r23) (v128.load offset=16 (local.get $in))))
            (local.set $r45 (f64x2.add (local.get $r45) (v128.load offset=32 (local.get $in))))
            (local.set $r67 (f64x2.add (local.get $r67) (v128.load offset=48 (local.get $in))))
            (local.set $in (i32.add (local.get $in) (i32.const 64)))
            (local.set $end (i32.sub (local.get $end) (i32.const 8)))
            (br $next)))
        (local.set $res (f64.add
          (f64.add
            (f64.add (f64x2.extract_lane 0 (local.get $r01)) (f64x2.extract_lane 1 (local.get $r01)))
            (f64.add (f64x2.extract_lane 0 (local.get $r23)) (f64x2.extract_lane 1 (local.get $r23))))
          (f64.add
            (f64.add (f64x2.extract_lane 0 (local.get $r45)) (f64x2.extract_lane 1 (local.get $r45)))
            (f64.add (f64x2.extract_lane 0 (local.get $r67)) (f64x2.extract_lane 1 (local.get $r67))))))))
    ;; Fewer than 8 values (from 0), or the 0..7 after the groups of 8 (from the block's result).
    (block $tailDone
      (loop $tailNext
        (br_if $tailDone (i32.eqz (local.get $length)))
        (local.set $res (f64.add (local.get $res) (f64.load (local.get $in))))
        (local.set $in (i32.add (local.get $in) (i32.const 8)))
        (local.set $length (i32.sub (local.get $length) (i32.const 1)))
        (br $tailNext)))
    (local.get $res))

  ;; sumChunks: `chunked` in one call — for each chunk [start, start + len − 1] of at most `chunk`
  ;; terms from first to last: range → divide → square → sum over the scratch arrays r, d, s, each
  ;; chunk's sum added to `total` in order. Returns the new total; passing the running total in keeps
  ;; the additions in the same order however the caller splits the range into calls.
  (func $sumChunks (export "sumChunks")
    (param $total f64) (param $first f64) (param $last f64) (param $chunk i32)
    (param $r i32) (param $d i32) (param $s i32) (result f64)
    (local $length i32)
    (block $done
      (loop $next
        (br_if $done (f64.gt (local.get $first) (local.get $last)))
        (local.set $length (i32.trunc_f64_u (f64.min
          (f64.convert_i32_u (local.get $chunk))
          (f64.add (f64.sub (local.get $last) (local.get $first)) (f64.const 1)))))
        (call $range (local.get $r) (local.get $first) (local.get $length))
        (call $divide (local.get $d) (local.get $r) (local.get $length))
        (call $square (local.get $s) (local.get $d) (local.get $length))
        (local.set $total (f64.add (local.get $total) (call $sum (local.get $s) (local.get $length))))
        (local.set $first (f64.add (local.get $first) (f64.convert_i32_u (local.get $length))))
        (br $next)))
    (local.get $total)))
