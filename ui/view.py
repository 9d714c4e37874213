"""What every tab below the first screen has in common: it reads some controls, draws some components, and
renders from the variant and tokens that the figures belong to. The page renders only the tab in view; the
others render when they are opened, so each keystroke costs the first screen and one tab."""
import gradio as gr


class View:
    name: str                    # the tab's id

    def inputs(self) -> set: return set()                 # its own controls, read when it renders
    def outputs(self) -> set: return set()                # the components it draws
    def render(self, variant_id: str, tokens, values: dict, lang: str) -> dict: return {}
    def cleared(self) -> dict: return {o: None for o in self.outputs()}     # a tab out of view: cheap to send
    def ready(self, variant_id: str) -> bool: return True    # False while an analysis it needs is computing
    def wire(self, page) -> None: pass                     # events of its own controls


def tab(name: str, label: str) -> gr.Tab:
    return gr.Tab(label, id=name, elem_id=f'tab-{name}')
