"""HUMAN_NUMBERS made offline must be fastai's, and give the notebook's figures."""
import pytest
import torch

from lm import data
from lm.data import (
    corpus,
    group_chunks,
    most_common_target,
    number_to_words,
    numbers_covered,
    shifted_seqs,
    split,
    three_token_seqs,
)


def test_number_words_follow_fastai_spelling():
    assert number_to_words(1) == 'one'
    assert number_to_words(20) == 'twenty'
    assert number_to_words(105) == 'one hundred five'
    assert number_to_words(7312) == 'seven thousand three hundred twelve'
    assert number_to_words(9999) == 'nine thousand nine hundred ninety nine'


def test_files_are_train_1_to_7999_and_valid_8001_to_9999():
    lines = data.human_numbers_lines()
    assert len(lines) == 9998
    assert lines[:2] == ('one \n', 'two \n')
    assert lines[7998] == 'seven thousand nine hundred ninety nine \n'
    assert lines[7999] == 'eight thousand one \n'          # 8000 is in neither file
    assert all(line.endswith(' \n') and '-' not in line and ' and ' not in line for line in lines)


def test_notebook_figures():
    c = corpus()
    assert c.lines == 9998
    assert len(c.tokens) == len(c.nums) == 63095
    assert len(c.vocab) == 30
    assert c.vocab[:4] == ('one', '.', 'two', 'three')
    assert c.nums[:10].tolist() == [0, 1, 2, 1, 3, 1, 4, 1, 5, 1]


def test_three_token_sequences_and_the_thousand_baseline():
    c = corpus()
    x, y = three_token_seqs(c.nums)
    assert len(x) == 21031
    assert c.decode(x[1]) == ['.', 'three', '.'] and c.vocab[y[1]] == 'four'
    token, share = most_common_target()
    assert token == 'thousand' and round(share, 3) == 0.152
    valid_targets = split((x, y)).valid[1]
    assert (valid_targets == c.vocab.index('thousand')).sum() == 638 and (valid_targets == 1).sum() == 637
    # the notebook's puzzle: on the training split (what it validated on) '.' comes first, at 16.0%
    train_targets = split((x, y)).train[1]
    assert c.vocab[torch.bincount(train_targets).argmax()] == '.'
    assert (train_targets == 1).sum() == 2693 and len(train_targets) == 16824


def test_shifted_sequences_are_the_text_shifted_by_one():
    c = corpus()
    x, y = shifted_seqs(c.nums, 16)
    assert x.shape[1] == 16 and len(x) == (len(c.nums) - 17 + 15) // 16
    assert torch.equal(x[:, 1:], y[:, :-1])
    assert torch.equal(x.flatten()[16:32], x[1])          # sequences lie back to back in the text


def test_group_chunks_makes_each_batch_row_continue_the_previous_one():
    c = corpus()
    x, y = group_chunks(*shifted_seqs(c.nums, 16), bs=64)
    assert len(x) % 64 == 0
    batches = x.view(-1, 64, 16)
    # row j of batch i+1 starts where row j of batch i ended, in the text
    for i in range(len(batches) - 1):
        assert torch.equal(y.view(-1, 64, 16)[i, :, -1], batches[i + 1, :, 0])


def test_a_fastai_cache_that_differs_is_refused(tmp_path, monkeypatch):
    cache = tmp_path / 'data' / 'human_numbers'
    cache.mkdir(parents=True)
    lines = data.human_numbers_lines()
    (cache / 'train.txt').write_text(''.join(lines[:7999]))
    (cache / 'valid.txt').write_text(''.join(lines[7999:]))
    monkeypatch.setenv('FASTAI_HOME', str(tmp_path))
    data.human_numbers_lines.cache_clear()
    try:
        assert data.human_numbers_lines() == lines          # fastai's own files: read and accepted
        (cache / 'valid.txt').write_text(''.join(lines[7999:-1]))
        data.human_numbers_lines.cache_clear()
        with pytest.raises(ValueError, match='differs'):
            data.human_numbers_lines()
    finally:
        data.human_numbers_lines.cache_clear()


def test_the_training_part_covers_the_count_to_8024_and_a_larger_share_reaches_9000():
    assert numbers_covered('three') == (range(1, 8085), range(8084, 10000))
    # grouping into 64 streams drops the items that fill no whole stream, at the end of each part
    assert numbers_covered('sequences') == (range(1, 8025), range(8083, 9951))
    train, valid = numbers_covered('sequences', 0.92)
    assert 9000 in train and 9000 not in valid and train[-1] < valid[0]
    assert numbers_covered('three in order', 0.5) == (range(1, 5171), range(5178, 9992))
