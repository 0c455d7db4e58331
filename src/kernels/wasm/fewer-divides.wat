;; fewer-divides.wasm: S over x in [a, b] of 1/x², with one f64x2 division per 8 terms instead of per 2.
;;
;; Why: `wasm-simd` (basel.wat) issues one f64x2.div per two terms and runs at the divider's
;; throughput. Four consecutive terms over one common denominator need one division, so the divider
;; sits idle three quarters of the time and the kernel is bound by multiplies and adds instead.
;;
;; The algebra. Take four consecutive x, x+1, x+2, x+3 and their doubled centre M = 2x + 3 (an odd
;; integer), so 2(x+j) = M - 3, M - 1, M + 1, M + 3. With w = M²:
;;   1/(M-1)² + 1/(M+1)² = 2(w+1)/(w-1)²     1/(M-3)² + 1/(M+3)² = 2(w+9)/(w-9)²
;; and over the common denominator T² with T = (w-1)(w-9) = (w - 10)·w + 9:
;;   (w+1)/(w-1)² + (w+9)/(w-9)² = 2·[T·(w+5) + 64·w] / T²
;; (both numerators expand to 2w³ − 10w² + 46w + 90). Since 1/(x+j)² = 4/(2(x+j))²,
;;   1/x² + 1/(x+1)² + 1/(x+2)² + 1/(x+3)² = 8·[(w+1)/(w-1)² + (w+9)/(w-9)²] = 16 · N / D,
;;   N = T·(w + 5) + 64·w,   D = T·T.
;; Every quantity is positive for x ≥ 1 (w ≥ 25 > 9), so nothing cancels: N and D each carry a few
;; roundings of relative size 2^-53, and so does each group of four.
;;
;; Why k = 4 terms per division and not more. The denominator grows as M^(2k): here D < w⁴ = M⁸.
;; Overflow bound: a group's first x is at most b - 3 ≤ 2^53 - 4, so M = 2x + 3 < 2^54, w < 2^108,
;; T < w² < 2^216 and D = T² < 2^432; N = T·(w+5) + 64·w < 2·w·T < 2^325, and every partial result
;; (w - 10)·w, T·(w + 5), 64·w is smaller still — all far below the largest finite double,
;; 1.8e308 ≈ 2^1024. k = 8 (D < M^16 < 2^864) would also fit, k = 16 (M^32) would not.
;; k = 8 was measured too (one division per 16 terms, 12 multiplies and 11 adds per vector instead of
;; 5 and 6): on this machine it was no faster (156 vs 155 ms at N = 1e9), bound by the latency of its
;; longer multiply-add chains rather than by the divider; k = 4 is simpler and exactly at the f64x2
;; divide throughput. src/kernels/wasm/README.md has the table of formulations measured.
;;
;; Vector operations per f64x2 vector of 8 terms (two groups of four, one per lane):
;;   multiplies 5: w = M·M, (w-10)·w, T·(w+5), 64·w, T·T
;;   adds       6: w-10, +9, w+5, +64w, acc += N/D, M -= step
;;   divides    1: N/D
;; so per term 0.625 mul + 0.75 add + 0.125 div = 1.5 vector operations (wasm-simd: 2, of which 0.5 div).
;;
;; Order: the sum runs from the small end (x = b down to a) so that each term meets a running sum of
;; its own size; added to a sum near S(N) ≈ 1.64 a term below half an ulp (x > 9.5e7) would be lost.
;; Two vectors per iteration (x .. x+15) into two accumulators keep two independent chains in flight.
;; The 0..15 terms above the last full block of 16 (the smallest ones) are summed first, one by one.
;;
;; Constants live in mutable globals, read into locals before the loop: V8's optimising compiler
;; treats a v128.const (or a local set from one) as a constant and rematerialises it at every use
;; inside the loop, three instructions each; a mutable global is not a constant to it, so the loop
;; keeps the value in a register. (Measured: 212 ms with v128.const against 156 ms with globals.)
;;
;; a and b are integers 1 ≤ a ≤ b ≤ 2^53 - 1 carried as f64 (exact), with b - a < 2^35 (the iteration
;; count is an i32 of 16-term steps); the caller splits longer ranges. An empty range (a > b) sums to 0.
(module
  (global $C10 (mut v128) (v128.const f64x2 10 10))
  (global $C9 (mut v128) (v128.const f64x2 9 9))
  (global $C5 (mut v128) (v128.const f64x2 5 5))
  (global $C64 (mut v128) (v128.const f64x2 64 64))
  ;; Each iteration moves x down by 16 terms, so M = 2x + 3 moves down by 32.
  (global $STEP (mut v128) (v128.const f64x2 32 32))

  (func $sumRange (export "sumRange") (param $a f64) (param $b f64) (result f64)
    (local $iterations i32)
    (local $base f64)   ;; the smallest x of the 16 terms an iteration sums
    (local $x f64)
    (local $tail f64)
    (local $c10 v128) (local $c9 v128) (local $c5 v128) (local $c64 v128) (local $step v128)
    (local $mA v128)    ;; M of the groups at base and base + 4
    (local $mB v128)    ;; M of the groups at base + 8 and base + 12
    (local $w v128) (local $t v128)
    (local $acc0 v128) (local $acc1 v128)
    (local $acc v128)

    (if (f64.gt (local.get $a) (local.get $b)) (then (return (f64.const 0))))
    (local.set $c10 (global.get $C10))
    (local.set $c9 (global.get $C9))
    (local.set $c5 (global.get $C5))
    (local.set $c64 (global.get $C64))
    (local.set $step (global.get $STEP))

    ;; Full iterations of 16 terms, and the smallest x the scalar tail does not cover.
    (local.set $iterations (i32.trunc_f64_u (f64.floor (f64.div
      (f64.add (f64.sub (local.get $b) (local.get $a)) (f64.const 1)) (f64.const 16)))))
    (local.set $base (f64.add (local.get $a)
      (f64.mul (f64.convert_i32_u (local.get $iterations)) (f64.const 16))))

    ;; Scalar tail, smallest terms first: x = b down to a + 16·iterations.
    (local.set $x (local.get $b))
    (block $tailDone
      (loop $tailNext
        (br_if $tailDone (f64.lt (local.get $x) (local.get $base)))
        (local.set $tail (f64.add (local.get $tail)
          (f64.div (f64.const 1) (f64.mul (local.get $x) (local.get $x)))))
        (local.set $x (f64.sub (local.get $x) (f64.const 1)))
        (br $tailNext)))
    ;; The accumulators hold sums of N/D, a sixteenth of the terms: start from tail / 16 (exact).
    (local.set $acc0 (f64x2.replace_lane 0 (local.get $acc0) (f64.mul (local.get $tail) (f64.const 0.0625))))

    ;; The top iteration sums x = base .. base + 15 with base = a + 16·(iterations − 1).
    (local.set $base (f64.sub (local.get $base) (f64.const 16)))
    (local.set $mA (f64x2.add
      (f64x2.splat (f64.add (f64.mul (local.get $base) (f64.const 2)) (f64.const 3)))
      (v128.const f64x2 0 8)))
    (local.set $mB (f64x2.add (local.get $mA) (v128.const f64x2 16 16)))

    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $iterations)))
        ;; Groups at base and base + 4: w = M², T = (w − 10)·w + 9, acc0 += (T·(w + 5) + 64·w) / T².
        (local.set $w (f64x2.mul (local.get $mA) (local.get $mA)))
        (local.set $t (f64x2.add (f64x2.mul (f64x2.sub (local.get $w) (local.get $c10)) (local.get $w)) (local.get $c9)))
        (local.set $acc0 (f64x2.add (local.get $acc0)
          (f64x2.div
            (f64x2.add (f64x2.mul (local.get $t) (f64x2.add (local.get $w) (local.get $c5)))
                       (f64x2.mul (local.get $w) (local.get $c64)))
            (f64x2.mul (local.get $t) (local.get $t)))))
        ;; Groups at base + 8 and base + 12, the same way into acc1.
        (local.set $w (f64x2.mul (local.get $mB) (local.get $mB)))
        (local.set $t (f64x2.add (f64x2.mul (f64x2.sub (local.get $w) (local.get $c10)) (local.get $w)) (local.get $c9)))
        (local.set $acc1 (f64x2.add (local.get $acc1)
          (f64x2.div
            (f64x2.add (f64x2.mul (local.get $t) (f64x2.add (local.get $w) (local.get $c5)))
                       (f64x2.mul (local.get $w) (local.get $c64)))
            (f64x2.mul (local.get $t) (local.get $t)))))
        (local.set $mA (f64x2.sub (local.get $mA) (local.get $step)))
        (local.set $mB (f64x2.sub (local.get $mB) (local.get $step)))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br $next)))

    ;; Combine the accumulators, then the two lanes, and scale by 16 (exact).
    (local.set $acc (f64x2.add (local.get $acc0) (local.get $acc1)))
    (f64.mul
      (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc)))
      (f64.const 16))))
