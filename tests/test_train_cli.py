"""The training command line, as a user runs it."""
import json
import subprocess
import sys

from benchmarks.launching import ROOT


def run(*args):
    return subprocess.run([sys.executable, 'train.py', *args], cwd=ROOT, capture_output=True, text=True)


def test_train_one_model_writes_its_checkpoint_and_prints_the_table(tmp_path):
    done = run('lmmodel2', '--epochs', '1', '--lr', '2e-3', '--seed', '3', '--out', str(tmp_path))
    assert done.returncode == 0, done.stderr
    meta = json.loads((tmp_path / 'LMModel2.json').read_text())
    assert (meta['recipe']['epochs'], meta['recipe']['lr'], meta['seed']) == (1, 2e-3, 3)
    assert (tmp_path / 'LMModel2.safetensors').exists()
    header, row = done.stdout.strip().splitlines()[-2:]
    assert header.split() == ['model', 'epochs', 'lr', 'valid', 'loss', 'accuracy', 'seconds']
    assert row.split()[:3] == ['LMModel2', '1', '0.002']
    assert abs(float(row.split()[4]) - meta['history'][-1]['accuracy']) < 1e-4


def test_models_trained_at_once_are_those_trained_one_after_the_other(tmp_path):
    for jobs in ('1', '2'):
        done = run('LMModel1', 'LMModel5', '--epochs', '1', '--jobs', jobs, '--out', str(tmp_path / jobs))
        assert done.returncode == 0, done.stderr
        assert f'2 model(s) on cpu, {jobs} at a time' in done.stdout or 'cuda' in done.stdout
    for vid in ('LMModel1', 'LMModel5'):
        one_job, two_jobs = (tmp_path / jobs / f'{vid}.safetensors' for jobs in ('1', '2'))
        assert one_job.read_bytes() == two_jobs.read_bytes()


def test_bad_arguments_are_refused_with_a_message():
    assert 'name the models to train, or give --all' in run().stderr
    assert "unknown model 'LMModel10'" in run('LMModel10').stderr
    assert '--epochs must be at least 1' in run('LMModel1', '--epochs', '0').stderr
    assert 'name the models to train, or give --all' in run('LMModel1', '--all').stderr
    assert '--jobs must be at least 1' in run('LMModel1', '--jobs', '0').stderr


def test_serving_does_not_import_fastai():
    code = "import sys, app; print(any(m.split('.')[0] == 'fastai' for m in sys.modules))"
    done = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == 'False', done.stderr
