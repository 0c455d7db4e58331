;; basel.wasm: S over x in [a, b] of 1/x², with f64x2 SIMD and four independent vector accumulators.
;;
;; Why this shape: a scalar loop `s += 1 / (x * x)` is bound by two things — the divide unit
;; (one scalar divsd every few cycles) and the loop-carried add chain (each add waits for the last).
;; f64x2.div does two divides per instruction (divpd), halving divides per term, and four
;; accumulators give four independent add chains, so the adds overlap instead of queueing.
;; Each iteration handles 8 consecutive x: lanes [x, x+1], [x+2, x+3], [x+4, x+5], [x+6, x+7].
;; x is carried as f64, exact for every integer up to 2^53, so a and b may be any integers in
;; [1, 2^53 - 1]. The 0..7 terms left over after the vector loop are summed by a scalar loop.
(module
  (func $sumRange (export "sumRange") (param $a f64) (param $b f64) (result f64)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $step v128) (local $one v128)
    (local $last f64)   ;; the largest x that may start a full block of 8: b - 7
    (local $x f64)
    (local $tail f64)
    (local $acc v128)

    ;; An empty range sums to 0.
    (if (f64.gt (local.get $a) (local.get $b)) (then (return (f64.const 0))))

    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $step (f64x2.splat (f64.const 8)))
    (local.set $x0 (f64x2.add (f64x2.splat (local.get $a)) (v128.const f64x2 0 1)))
    (local.set $x1 (f64x2.add (f64x2.splat (local.get $a)) (v128.const f64x2 2 3)))
    (local.set $x2 (f64x2.add (f64x2.splat (local.get $a)) (v128.const f64x2 4 5)))
    (local.set $x3 (f64x2.add (f64x2.splat (local.get $a)) (v128.const f64x2 6 7)))
    (local.set $last (f64.sub (local.get $b) (f64.const 7)))
    (local.set $x (local.get $a))

    ;; Vector loop: while x + 7 <= b, add the 8 terms x .. x+7.
    (block $done
      (loop $next
        (br_if $done (f64.gt (local.get $x) (local.get $last)))
        (local.set $acc0 (f64x2.add (local.get $acc0)
          (f64x2.div (local.get $one) (f64x2.mul (local.get $x0) (local.get $x0)))))
        (local.set $acc1 (f64x2.add (local.get $acc1)
          (f64x2.div (local.get $one) (f64x2.mul (local.get $x1) (local.get $x1)))))
        (local.set $acc2 (f64x2.add (local.get $acc2)
          (f64x2.div (local.get $one) (f64x2.mul (local.get $x2) (local.get $x2)))))
        (local.set $acc3 (f64x2.add (local.get $acc3)
          (f64x2.div (local.get $one) (f64x2.mul (local.get $x3) (local.get $x3)))))
        (local.set $x0 (f64x2.add (local.get $x0) (local.get $step)))
        (local.set $x1 (f64x2.add (local.get $x1) (local.get $step)))
        (local.set $x2 (f64x2.add (local.get $x2) (local.get $step)))
        (local.set $x3 (f64x2.add (local.get $x3) (local.get $step)))
        (local.set $x (f64.add (local.get $x) (f64.const 8)))
        (br $next)))

    ;; Scalar tail: the last 0..7 terms, x .. b.
    (block $tailDone
      (loop $tailNext
        (br_if $tailDone (f64.gt (local.get $x) (local.get $b)))
        (local.set $tail (f64.add (local.get $tail)
          (f64.div (f64.const 1) (f64.mul (local.get $x) (local.get $x)))))
        (local.set $x (f64.add (local.get $x) (f64.const 1)))
        (br $tailNext)))

    ;; Combine: pairwise across accumulators, then across the two lanes, then the tail.
    (local.set $acc (f64x2.add
      (f64x2.add (local.get $acc0) (local.get $acc1))
      (f64x2.add (local.get $acc2) (local.get $acc3))))
    (f64.add
      (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc)))
      (local.get $tail))))
