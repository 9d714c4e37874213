"""The chapter's lessons, one click each: the model, the prefix and the view that show it, with what to look at."""
from dataclasses import dataclass, field

import gradio as gr

from ui.widgets import Labels

COUNT = 'eight thousand one hundred twelve . eight thousand one hundred thirteen .'      # 12 tokens: fits LMModel3


@dataclass(frozen=True)
class Lesson:
    name: str                 # its words are lesson.<name> (title) and lesson.<name>.text
    variant: str
    prefix: str
    view: str                 # the tab that shows it
    controls: dict = field(default_factory=dict)      # other controls it sets, by view and name: {'compare.left': ...}


LESSONS = [
    Lesson('baseline', 'LMModel1', 'one . two . three . four .', 'failures'),
    Lesson('three_tokens', 'LMModel1', 'seven thousand three hundred twelve . seven thousand three hundred', 'guesses'),
    Lesson('state', 'LMModel3', COUNT, 'compare', {'compare.left': 'LMModel2', 'compare.right': 'LMModel3'}),
    Lesson('every_token', 'LMModel4', COUNT, 'guesses'),
    Lesson('depth', 'LMModel5', COUNT, 'compare', {'compare.left': 'LMModel4', 'compare.right': 'LMModel5'}),
    Lesson('gates', 'LMModel6', COUNT, 'states', {'states.quantity': 'forget gate'}),
    Lesson('regularization', 'LMModel7', COUNT, 'states', {'states.property': 'next_dot'}),
    Lesson('nine_thousand', 'LMModel7', '8997 . 8998 . 8999 .', 'failures'),
    Lesson('pointer', 'LMModel8', '8998 . 8999 . 9000 . 9001 .', 'attention'),
    Lesson('gru', 'LMModel9', COUNT, 'states', {'states.quantity': 'update gate'}),
]


class LessonsView:
    "A list of the lessons, and the text of the one chosen."
    name = 'lessons'
    def __init__(self, words: Labels):
        self.words = words
        with gr.Accordion(words('lessons'), open=True, elem_id='lessons'):
            self.lesson = gr.Radio([(words(f'lesson.{lesson.name}'), lesson.name) for lesson in LESSONS], value=None,
                                   show_label=False, info=words('lessons.info'), elem_id='lesson')
            self.text = gr.Markdown(elem_id='lesson-text')
        for lesson in LESSONS: words(f'lesson.{lesson.name}.text')       # known to the browser before it is shown

    def chosen(self, name: str) -> Lesson | None:
        return next((lesson for lesson in LESSONS if lesson.name == name), None)
