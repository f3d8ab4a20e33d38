#!/usr/bin/env python3
# Checks scripts/eval's evaluator against figures computed by hand on a tiny example.
import importlib.machinery
import math
import os
import sys
import unittest

EVAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "eval")
ev = importlib.machinery.SourceFileLoader("kensaku_eval", EVAL).load_module()

QRELS = ["1 0 a 2", "1 0 c 1", "1 0 e 0", "1 0 z 1", "2 0 x 1"]
# Query 1 ranks a (rel 2), b, c (rel 1), d, e (judged not relevant); z (rel 1) is never found.
# Query 2 finds nothing.
RUN = ["1 Q0 a 1 9.0 t", "1 Q0 b 2 8.0 t", "1 Q0 c 3 7.0 t", "1 Q0 d 4 6.0 t", "1 Q0 e 5 5.0 t"]


class EvaluatorOnAHandComputedExample(unittest.TestCase):
    def setUp(self):
        self.qrels = ev.read_qrels(QRELS)
        self.run = ev.read_run(RUN)

    def test_average_precision_divides_by_every_relevant_document(self):
        # relevant a, c, z: precision 1/1 at a, 2/3 at c; z missing -> (1 + 2/3) / 3
        self.assertAlmostEqual(ev.average_precision(self.run["1"], self.qrels["1"]), (1 + 2 / 3) / 3)

    def test_ndcg_uses_the_relevance_as_gain_and_the_ideal_order_of_all_judgements(self):
        dcg = 2 / math.log2(2) + 1 / math.log2(4)
        idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
        self.assertAlmostEqual(ev.ndcg_at(self.run["1"], self.qrels["1"], 10), dcg / idcg)

    def test_precision_and_recall_at_a_cutoff(self):
        self.assertAlmostEqual(ev.precision_at(self.run["1"], self.qrels["1"], 10), 2 / 10)
        self.assertAlmostEqual(ev.recall_at(self.run["1"], self.qrels["1"], 100), 2 / 3)
        self.assertAlmostEqual(ev.recall_at(self.run["1"], self.qrels["1"], 1), 1 / 3)

    def test_means_count_a_query_without_results_as_zero(self):
        scores = ev.evaluate(self.run, self.qrels)
        self.assertAlmostEqual(scores["MAP"], (1 + 2 / 3) / 3 / 2)
        self.assertAlmostEqual(scores["P@10"], 0.1)

    def test_run_lines_are_ordered_by_score_not_by_file_order(self):
        run = ev.read_run(["1 Q0 c 2 1.0 t", "1 Q0 a 1 3.0 t"])
        self.assertEqual(run["1"], ["a", "c"])


if __name__ == "__main__":
    sys.exit(unittest.main())
