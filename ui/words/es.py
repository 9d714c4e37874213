"""The page's words in Spanish: the same keys as en.py, the same {parameters}."""
SPANISH = {
    # the page's own words
    'language': "Idioma",
    # the first screen
    'title': "Explorador de modelos de lenguaje Human Numbers",
    'header': "# Explorador de modelos de lenguaje Human Numbers\nLos siete pequeños modelos de lenguaje "
              "del capítulo 12 del libro de fastai, uno más allá del libro y el ejercicio de la GRU del capítulo "
              "aprendieron a contar con palabras en inglés. Escribe el comienzo de la cuenta y mira qué espera cada "
              "uno a continuación.",
    'description.LMModel1': "Lee los 3 últimos tokens con una capa reutilizada para cada token; predice el 4.º.",
    'description.LMModel2': "La misma red de 3 tokens escrita como un bucle: una primera RNN.",
    'description.LMModel3': "Una RNN que conserva su estado oculto de un fragmento de 3 tokens al siguiente.",
    'description.LMModel4': "Una RNN con estado que predice tras cada token de secuencias de 16 tokens.",
    'description.LMModel5': "Dos capas RNN apiladas (nn.RNN).",
    'description.LMModel6': "Una LSTM de dos capas: las puertas deciden qué olvida y qué conserva el estado de celda.",
    'description.LMModel7': "La LSTM con dropout, pesos compartidos y AR/TAR: una AWD-LSTM en pequeño.",
    'description.LMModel8': "Más allá del libro: una LSTM con un puntero, cuya atención sobre los 32 últimos "
                            "tokens copia del número anterior.",
    'description.LMModel9': "El ejercicio del capítulo: la forma de LMModel6 sobre una GRU escrita desde cero, cuyas "
                            "dos puertas sustituyen a las tres de la LSTM y a su estado de celda.",
    'prefix': "Prefijo: el comienzo de la cuenta",
    'prefix.info': "Palabras en mayúsculas o minúsculas, cifras (7312, 7,312 o 7.312), '.' o ','. Las vistas se "
                   "actualizan con cada tecla que pulsas.",
    'model': "Modelo, y su precisión en validación: con qué frecuencia acierta su token siguiente más probable",
    'temperature': "Temperatura",
    'temperature.info': "1: las probabilidades propias del modelo. Por debajo de 1, más concentradas; por encima de 1, "
                        "más planas; 0: siempre el token más probable.",
    'top_k': "Top-k",
    'top_k.info': "Conserva solo los k tokens más probables ({vocab}: todos).",
    'examples': "Prueba",
    'settings.clamped': "{control} va de {lo} a {hi}: {value} se ajustó a {clamped}.",
    'settings.empty': "{control} necesita un número de {lo} a {hi}: se ajustó a {default}.",

    # what the model is and how it reads the prefix
    'info.model': "**{variant}**: {description}",
    'info.accuracy': "Predice bien **{accuracy}** de los tokens siguientes del texto de validación (precisión en "
                     "validación); responder siempre '{baseline}' lograría {baseline_share}.",
    'info.unavailable': "**{variant}** no está disponible: {reason}",
    'reads.last': "Lee **solo los últimos {n} tokens** del prefijo; lo que haya antes no cambia nada.",
    'reads.all': "Lleva su estado oculto desde el comienzo del prefijo, pasando por cada token.",
    'reads.every_third': "Se entrenó para predecir solo cada tres tokens del texto: predice como en el entrenamiento "
                         "cuando el prefijo tiene un múltiplo de 3 tokens.",
    'reads.fits': "un múltiplo de 3, como en el entrenamiento",
    'reads.misfits': "no es múltiplo de 3: nunca aprendió a predecir aquí",
    'n_tokens': "{n} tokens",
    'n_tokens.one': "{n} token",

    # status above the figures
    'status.start': "Escribe el comienzo de la cuenta, con palabras o cifras: `one . two . three .` o `7312, 7313,`.",
    'status.typing': "✍️ Se está escribiendo '{word}' (podría llegar a ser {completions}): se predice a partir de los "
                     "tokens anteriores.",
    'status.typing_number': "✍️ Se está escribiendo '{word}': ¿un número con separador de miles, como '{whole}'? "
                            "Para dos números, pon un espacio después del separador. Se predice a partir de los tokens "
                            "anteriores.",
    'status.editing': "✍️ Se está escribiendo '{word}' (podría llegar a ser {completions}).",
    'status.error': "⚠️ {message}",
    'status.stale': "Las figuras de abajo aún muestran el último prefijo que se pudo leer, '{shown}', no el texto de "
                    "arriba.",
    'status.stale_empty': "Las figuras de abajo estarán vacías hasta que el texto se pueda leer.",
    'browser.failed': "Este navegador no puede ejecutar los modelos ({reason}): el servidor dibuja cada tecla, "
                      "algo más despacio.",
    'browser.on_server': "{model} lo dibuja el servidor: solo los modelos incluidos se ejecutan en el navegador.",
    'browser.unavailable': "{model} lo dibuja el servidor: sus archivos no se cargaron en este navegador ({reason}).",

    # the static edition (ui/site.py): no server
    'site.loading': "Cargando los modelos…",
    'site.plotly_missing': "Esta figura la dibuja plotly.js, y su archivo plotly.min.js no se cargó.",
    'site.file_missing': "su archivo {file} no se cargó",
    'site.file_damaged': "su archivo {file} está dañado",
    'site.model_failed': "{model} no se puede usar aquí: {reason}. Los demás modelos funcionan como antes.",
    'site.address': "La dirección pide lo que esta página no tiene ({what}): esas partes se abren como empieza la "
                    "página.",
    'site.train': "Entrenar un modelo uno mismo necesita un servidor: el `Learner` de fastai se ejecuta en Python, "
                  "en la aplicación Gradio (`python app.py` en el repositorio del proyecto). Esta página ejecuta los "
                  "modelos incluidos en tu navegador, sin ningún servidor.",
    'site.train_link': "Entrenar un modelo en la aplicación",
    'site.train_nowhere': "Pregunta a tu profesor dónde funciona la aplicación, o iníciala en tu ordenador con "
                          "`python app.py`.",

    # what comes next
    'next.heading': "Qué viene después de '{shown}'",
    'next.empty': "Escribe un prefijo para ver qué espera el modelo a continuación",
    'next.unreadable': "Nada de lo que predecir hasta que el prefijo se pueda leer: mira la nota debajo de él",
    'next.top': "Token siguiente más probable: **'{token}'** ({prob}).",
    'next.agrees': "La cuenta verdadera coincide.",
    'next.every_third': "Este prefijo tiene {n_tokens}: {fits}.",
    'next.counting_says': "La cuenta verdadera dice **'{token}'**.",
    'next.greedy': "La temperatura 0 elige siempre el token más probable, **'{token}'**, marcado en naranja; las "
                   "barras son las probabilidades propias del modelo.",
    'next.reshaped': "Las barras oscuras están reajustadas con {how}; las barras claras que hay detrás son las "
                     "probabilidades propias del modelo.",
    'next.how_temperature': "temperatura {temperature}",
    'next.how_top_k': "top-k {top_k}",
    'next.and': " y ",
    'next.legend_own': "propias del modelo",
    'next.legend_shown': "reajustadas",

    # hidden states
    'states.tab': "Estados ocultos",
    'states.explain': "Cada columna es un token del prefijo; cada fila, una unidad del estado oculto tras leerlo. Las "
                      "unidades están ordenadas según aquello a lo que responden en el texto de validación, de modo "
                      "que las unidades que actúan de forma parecida quedan juntas, con el nombre de su grupo a la "
                      "izquierda; cada una conserva su propio número. Cada magnitud tiene una escala de color fija "
                      "(claro es 0), así que dos prefijos o dos modelos se comparan a simple vista. En las LSTM, h es "
                      "lo que una capa transmite; c, el estado de celda, es su memoria; las puertas dicen cuánto de c "
                      "olvidar, cuánto del candidato (puerta de celda) escribir y cuánto de c mostrar como h.",
    'states.empty': "…y los estados ocultos por los que pasa",
    'states.quantity': "Mostrar",
    'states.layer': "Capa de la unidad",
    'states.layer_name': "capa {layer} {quantity}",
    'quantity.h': "h",
    'quantity.c': "c",
    'quantity.input gate': "puerta de entrada",
    'quantity.forget gate': "puerta de olvido",
    'quantity.cell gate': "puerta de celda",
    'quantity.output gate': "puerta de salida",
    'quantity.reset gate': "puerta de reinicio",
    'quantity.update gate': "puerta de actualización",
    'figure.position': "posición",
    'figure.value': "valor",
    'figure.of': "de",
    'states.unit': "Unidad",
    'states.unit.info': "Colorea el prefijo de abajo según el valor de esta unidad, con la escala del mapa de calor.",
    'states.window': " (los últimos {n} de {total} tokens)",
    'states.legend': "{variant}, capa {layer} {quantity}, unidad {unit}{window}:",
    'states.unordered': "Las unidades siguen el orden propio del modelo hasta que esté listo su análisis sobre el "
                        "texto de validación (unos segundos).",
    'unit.name': "unidad {unit}",
    'unit.named': "unidad {unit} · {label}",

    # find the unit
    'find.label': "Buscar la unidad que detecta…",
    'find.info': "Ordena todas las unidades según lo bien que su valor distingue las posiciones donde esto se cumple "
                 "de las demás, en el texto de validación.",
    'find.none': "(elige una propiedad)",
    'find.explain': "La puntuación es el ROC AUC del valor de la unidad como detector de la propiedad en el texto de "
                    "validación: 1.00 cuando la unidad es más alta en todas las posiciones donde se cumple que en "
                    "todas las demás, 0.00 cuando es más baja (se apaga ante ella, lo que es igual de revelador), "
                    "0.50 cuando no dice nada. Las mejores unidades aparecen enmarcadas en naranja en el "
                    "mapa de calor, y el prefijo se colorea según la mejor.",
    'find.table': "| puesto | capa | magnitud | unidad | puntuación (AUC) | cuando se cumple, la unidad es |\n"
                  "|---|---|---|---|---|---|",
    'find.row': "| {rank} | {layer} | {quantity} | {unit} | {auc} | {fires} |",
    'find.higher': "más alta",
    'find.lower': "más baja",
    'property.read_dot': "acaba de leer '.'",
    'property.read_thousand': "acaba de leer 'thousand'",
    'property.read_hundred': "acaba de leer 'hundred'",
    'property.next_dot': "sigue '.'",
    'property.thousands_word': "palabra de los miles",
    'property.hundreds_word': "palabra de las centenas",
    'property.tens_word': "palabra de las decenas",
    'property.units_word': "palabra de las unidades",
    'property.read_dot.long': "el token recién leído es '.'",
    'property.read_thousand.long': "el token recién leído es 'thousand'",
    'property.read_hundred.long': "el token recién leído es 'hundred'",
    'property.next_dot.long': "el token siguiente es '.': a continuación termina un número",
    'property.thousands_word.long': "el token recién leído es una palabra de los miles ('seven' en 'seven thousand')",
    'property.hundreds_word.long': "el token recién leído es una palabra de las centenas ('three' en 'three hundred')",
    'property.tens_word.long': "el token recién leído es una palabra de las decenas ('twenty' … 'ninety')",
    'property.units_word.long': "el token recién leído es una palabra de las unidades ('one' … 'nineteen', al final "
                                "de un número)",

    # which units decided, and switching them off
    'decided.tab': "Unidades que decidieron",
    'decided.explain': "La puntuación (logit) que la última capa da a un token es una suma sobre sus unidades: el "
                       "valor de cada unidad por su peso de salida para ese token, más un sesgo. Las barras son "
                       "las unidades que más empujaron hacia arriba el token predicho, con lo que detecta cada una "
                       "cuando tiene un significado claro.\n\n"
                       "**Apagar unidades**: la prueba causal de lo que significa una unidad. Fija su salida en 0 "
                       "desde una posición del prefijo en adelante, vuelve a ejecutar el modelo y mira cómo cambia el "
                       "token siguiente. Barras claras: sin cambios; barras oscuras: con las unidades apagadas.",
    'decided.title': "¿Por qué '{token}'? Su logit {logit} es el sesgo {bias} más {n_units} unidades de la capa "
                     "{layer}; estas {n} aportan {share} del total.",
    'decided.axis': "parte del logit (valor × peso)",
    'off.layer': "Capa",
    'off.units': "Unidades que apagar",
    'off.units.info': "Empieza por las unidades que más votan, arriba, o por las encontradas para una propiedad en "
                      "Estados ocultos.",
    'off.from': "Apagadas",
    'off.from.last': "en el último token: solo para la predicción",
    'off.from.start': "desde el comienzo del prefijo",
    'off.use_voters': "Las 3 unidades que más votan",
    'off.use_found': "Las unidades encontradas para la propiedad",
    'off.none': "Elige una o más unidades para apagar.",
    'off.result': "Al apagar {units} de la capa {layer} desde la posición {start} ('{token}'), el token siguiente más "
                  "probable pasa de **'{before}'** ({before_prob}) a **'{after}'** ({after_prob}).",
    'off.result_same': "Al apagar {units} de la capa {layer} desde la posición {start} ('{token}'), el token siguiente "
                       "más probable sigue siendo **'{before}'**: {before_prob} antes, {after_prob} después.",
    'off.legend_before': "sin cambios",
    'off.legend_after': "unidades apagadas",

    # the state as a path
    'path.tab': "Trayectoria",
    'path.explain': "El estado oculto de cada capa tiene {n_units} números; este mapa muestra las dos direcciones en "
                    "las que más varía a lo largo del texto de validación (un PCA, ajustado una sola vez). La nube "
                    "tenue es el texto de validación, coloreado según el tipo de posición; la línea es tu prefijo, "
                    "un punto por token. Contar es un ciclo: mira cómo el estado lo recorre con cada número.",
    'path.layer': "Capa",
    'path.axis': "dirección {n} ({share} de la varianza)",
    'path.pending': "Ajustando el mapa de los estados de {variant} sobre el texto de validación (unos segundos)…",
    'kind.thousands_word': "palabra de los miles",
    'kind.thousand': "'thousand'",
    'kind.hundreds_word': "palabra de las centenas",
    'kind.hundred': "'hundred'",
    'kind.tens_word': "palabra de las decenas",
    'kind.units_word': "palabra de las unidades",
    'kind..': "'.'",

    # all eight side by side
    'compare.tab': "Lado a lado",
    'compare.explain': "El mismo prefijo en todos los modelos: qué espera cada uno a continuación y, cuando el prefijo "
                       "es la cuenta verdadera, la probabilidad que da al token siguiente correcto. Las lecciones del "
                       "capítulo en una tabla: el estado ayuda (LMModel3 frente a LMModel2), la profundidad sola no "
                       "(LMModel5), las puertas sí (LMModel6), la regularización aún más (LMModel7), y ninguno de los "
                       "del libro sabe empezar 'nine thousand', que el puntero de LMModel8 copia del número "
                       "anterior; el ejercicio de la GRU del capítulo (LMModel9) supera a la LSTM que sustituye.\n\n"
                       "Abajo, los estados ocultos (h) de dos modelos, uno al lado del otro, con el mismo prefijo:",
    'compare.true_next': "La cuenta verdadera dice que el token siguiente es **'{token}'**.",
    'compare.no_true_next': "El prefijo no termina en la cuenta verdadera, así que no hay respuesta correcta que "
                            "puntuar.",
    'compare.table': "| modelo | precisión en validación | espera | probabilidad de '{token}' | ¿acierta? |\n"
                     "|---|---|---|---|---|",
    'compare.table_plain': "| modelo | precisión en validación | espera |\n|---|---|---|",
    'compare.row': "| {variant} | {accuracy} | {top} | {true_prob} | {right} |",
    'compare.row_plain': "| {variant} | {accuracy} | {top} |",
    'compare.row_problem': "| {variant} | {accuracy} | {problem} |",
    'compare.right': "✅ acierta",
    'compare.wrong': "❌ falla",
    'compare.left': "Izquierda",
    'compare.right_model': "Derecha",

    # what it guessed at every token
    'guesses.tab': "Apuestas",
    'guesses.explain': "Bajo cada token del prefijo, las tres mejores apuestas del modelo en esa posición, "
                       "antes de ver el token: cuanto más oscuro, más probable. Un borde rojo marca una posición "
                       "donde su primera apuesta fue errónea; el token correcto, cuando estaba entre las "
                       "apuestas, tiene un borde verde. Prueba `8998 . 8999 . 9000 . 9001 .` y mira el comienzo "
                       "de cada número a partir de 9000.",
    'guesses.score': "{variant} acertó {right} de los {n} tokens que predijo ({share}).",
    'guesses.window': " (se muestran los últimos {n} tokens)",
    'guesses.none': "El prefijo es demasiado corto para que {variant} haya predicho alguno de sus tokens.",

    # what it looked at, and layer by layer
    'looked.tab': "Qué miró",
    'looked.explain': "Cuánto importó cada token del prefijo para la predicción: el tamaño del gradiente de la "
                      "log-probabilidad del token predicho respecto al embedding de ese token. Más oscuro: un pequeño "
                      "cambio en ese token cambiaría más la predicción.",
    'looked.legend': "Cuánto importó para '{token}':",
    'looked.lens': "Capa a capa",
    'looked.lens_explain': "Lo que predeciría la primera capa sola si la cabeza de salida leyera su estado (una 'lente "
                           "de logits'), junto a la predicción real del modelo completo. "
                           "Claro: la capa 1 sola; oscuro: el modelo.",
    'looked.lens_one_layer': "{variant} tiene una sola capa: no hay nada con qué compararla.",
    'looked.lens_result': "La capa 1 sola diría **'{first}'** ({first_prob}); con la capa 2, el modelo dice "
                          "**'{last}'** ({last_prob}).",
    'looked.legend_first': "la capa 1 sola",
    'looked.legend_last': "el modelo completo",

    # where it fails
    'failures.tab': "Fallos",
    'failures.explain': "El checkpoint publicado sobre todo el conjunto de validación, con los mismos lotes que midió "
                        "el entrenamiento: con qué frecuencia acierta en cada tipo de posición, qué dice en su lugar y "
                        "cómo le va a lo largo de la cuenta. Se calcula una vez por modelo.",
    'failures.headline': "En el conjunto de validación, {variant} predice bien **{correct:,}** de sus **{count:,}** "
                         "objetivos: **{accuracy}**, su precisión en validación registrada.",
    'failures.nine': "**El fallo de 'nine thousand'.** Ningún número a partir de 9000 está en la parte de "
                     "entrenamiento del texto. Al comienzo de cada uno de ellos el modelo debería decir 'nine': falla "
                     "**{nine_wrong} de {nine}**. Sin embargo, el 'thousand' que sigue a ese 'nine' solo lo falla "
                     "**{after_wrong} de {after}** veces.",
    'failures.by_kind': "Precisión por tipo de posición",
    'failures.by_hundred': "Precisión por centena de la cuenta (8000: los números del 8000 al 8099)",
    'failures.training_ends': "ningún número a partir de aquí estaba en el entrenamiento",
    'failures.confusions': "| tipo de posición | objetivos | acierto | errores más frecuentes |\n|---|---|---|---|",
    'failures.confusion_row': "| {kind} | {count:,} | {accuracy} | {confusions} |",
    'failures.confusion': "'{target}' → '{predicted}' ({n})",
    'failures.pending': "Midiendo {variant} sobre todo el conjunto de validación (unos segundos)…",
    'failures.axis': "precisión",

    # the model itself
    'model.tab': "El modelo",
    'model.explain': "El código del modelo seleccionado, como en el cuaderno, su receta de entrenamiento y cómo "
                     "aprendió: pérdida y precisión en el conjunto de validación tras cada época, según su checkpoint.",
    'model.recipe': "**Receta**: {epochs} épocas de `fit_one_cycle` con una tasa de aprendizaje máxima de {lr}, "
                    "semilla {seed}, sobre los lotes '{data}' del cuaderno{regularized}. "
                    "Argumentos del modelo: {hparams}.",
    'model.regularized': ", con AR y TAR (TextLearner)",
    'model.cells': "### Una LSTM desde cero: las dos celdas del cuaderno\nEl cuaderno escribe la celda LSTM a mano dos "
                   "veces: primero un `nn.Linear` por puerta, después una multiplicación de la entrada y una de h para "
                   "las cuatro puertas, cortada en cuatro (\"una única gran multiplicación es mejor que varias "
                   "pequeñas\"). Cualquiera de las dos celdas en `LSTM`, en lugar del `nn.LSTM` de LMModel6 y con sus "
                   "pesos, calcula las mismas salidas. Cuidado con el orden de las puertas: la segunda celda las lee "
                   "como entrada, olvido, salida, celda; `nn.LSTM` las guarda como entrada, olvido, celda, salida "
                   "(`LSTM.from_lstm` las reordena).\n\n"
                   "**Medido**, una pasada hacia delante y hacia atrás del lote de LMModel6 (64 × 16 tokens): cuatro "
                   "`nn.Linear` {four_linears} ms, una multiplicación {one_matmul} ms, `nn.LSTM` {nn_lstm} ms: la "
                   "primera celda es {four_to_one}× más lenta que la segunda, que es {one_to_lstm}× más lenta que "
                   "`nn.LSTM` (su bucle de Python frente al núcleo fusionado de PyTorch). En {machine}, con "
                   "`{command}`.",
    'model.cells_unmeasured': "### Una LSTM desde cero: las dos celdas del cuaderno\nEl cuaderno escribe la celda "
                              "LSTM a mano dos veces; `python -m benchmarks.bench_cells --write` mide su velocidad.",
    'model.gru': "### El ejercicio del capítulo: una GRU desde cero\nLMModel9 es LMModel6 con `GRU`, escrita desde "
                 "cero sobre `GRUCell`, en lugar de `nn.LSTM`; con los mismos pesos, el `nn.GRU` de PyTorch calcula lo "
                 "mismo. Entrenada con la receta de LMModel6:\n\n"
                 "| modelo | precisión en validación | parámetros | tiempo de entrenamiento |\n|---|---|---|---|\n"
                 "{rows}\n\n(tiempo de entrenamiento tal como lo guarda su checkpoint: `train.py`, un hilo.)",
    'model.gru_row': "| {variant} | {accuracy} | {parameters:,} | {seconds:.1f} s |",
    'model.curves_epoch': "época",
    'model.curves_loss': "pérdida (entropía cruzada)",
    'model.curves_accuracy': "precisión en validación",
    'model.train_loss': "pérdida de entrenamiento",
    'model.valid_loss': "pérdida de validación",
    'model.accuracy': "precisión en validación",

    # letting the model continue
    'continue.tab': "Continuar",
    'continue.explain': "### Deja que el modelo continúe\nEl modelo sigue escribiendo a partir del prefijo, un token "
                        "cada vez, leyendo cada vez lo que ha escrito. El verde sigue la cuenta verdadera; el rojo "
                        "marca dónde se aparta de ella.",
    'continue.n_tokens': "Tokens que escribir",
    'continue.mode': "Cómo elegir cada token",
    'continue.greedy': "el más probable",
    'continue.sample': "muestrear con la temperatura y el top-k de arriba",
    'continue.button': "Escribir",
    'continue.made_by': "{variant}, {how}, tras '{shown}':",
    'continue.made_greedy': "el token más probable cada vez",
    'continue.made_sampled': "muestreado con temperatura {temperature}, top-k {top_k}",
    'continue.empty': "Escribe primero un prefijo: Escribir lo continúa.",
    'continue.stale': "Hecho con ajustes distintos de los de arriba: pulsa Escribir de nuevo para usar estos.",
    'continue.all_follow': "Los {n} tokens siguen la cuenta verdadera.",
    'continue.departs': "Se aparta de la cuenta en el token {position}: '{token}' donde la cuenta dice {wanted}.",
    'continue.text_end': "el final del texto (9999)",
    'continue.no_counting': "El prefijo no termina en la cuenta (un número y luego '.'), así que no hay nada con qué "
                            "comparar.",

    # the step control, under the prefix
    'step.back': "◀ Retroceder un token",
    'step.forward': "Avanzar un token ▶",
    'step.not_counting': "Avanzar sigue la cuenta verdadera: el prefijo debe terminar en la cuenta (un número y luego "
                         "'.'), como 'one . two .'.",
    'step.text_end': "La cuenta termina en 9999: no hay un token siguiente al que avanzar.",
    'step.unreadable': "⚠️ Avanzar necesita un prefijo que pueda leer: {message}",

    # lessons
    'lessons': "Lecciones",
    'lessons.info': "Con un clic se ajustan el modelo, el prefijo y la vista de cada lección del capítulo.",
    'lesson.baseline': "1. La línea base",
    'lesson.baseline.text': "**La línea base.** Responder siempre 'thousand' acierta el 15.2% de las veces en el texto "
                            "de validación: la puntuación que cualquier modelo debe superar. LMModel1 lee tres tokens "
                            "y logra un 49.5%. En *Fallos*, mira qué acierta ('thousand', 'hundred', '.') y qué no "
                            "puede saber.",
    'lesson.three_tokens': "2. Tres tokens no bastan",
    'lesson.three_tokens.text': "**Tres tokens no bastan.** LMModel1 solo ve 'three hundred': no puede saber que se "
                                "trata del 7300. En *Apuestas*, mira sus apuestas al comienzo de cada número, donde "
                                "lo que viene a continuación se dijo varios tokens atrás.",
    'lesson.state': "3. El estado ayuda",
    'lesson.state.text': "**El estado ayuda.** LMModel2 lo olvida todo tras tres tokens; LMModel3 lleva su estado "
                         "oculto de un fragmento al siguiente (57.5% frente a 46.2%). En *Lado a lado*, compara lo que "
                         "espera cada uno, y sus estados ocultos uno al lado del otro.",
    'lesson.every_token': "4. Predecir tras cada token",
    'lesson.every_token.text': "**Predecir tras cada token.** LMModel4 aprende de una predicción tras cada token de "
                               "secuencias de 16 tokens: dieciséis veces la señal de LMModel3. En *Apuestas*, "
                               "comprueba que adivina bien en cada posición, no solo cada tres tokens.",
    'lesson.depth': "5. La profundidad sola no ayuda",
    'lesson.depth.text': "**La profundidad sola no ayuda.** LMModel5 apila dos capas RNN y lo hace peor que una sola "
                         "(52.9% frente a 62.8%): una RNN más profunda es más difícil de entrenar. En *Lado a lado*, "
                         "compara LMModel4 y LMModel5 con el mismo prefijo.",
    'lesson.gates': "6. Puertas",
    'lesson.gates.text': "**Puertas.** LMModel6 es una LSTM: su puerta de olvido decide cuánto del estado de celda c "
                         "conservar en cada token. En *Estados ocultos*, observa la puerta de olvido (claro: olvidar; "
                         "oscuro: conservar) alrededor de '.' y 'thousand'.",
    'lesson.regularization': "7. Regularización",
    'lesson.regularization.text': "**Regularización.** LMModel7 añade dropout, pesos compartidos y AR/TAR a la LSTM: "
                                  "89.0% frente a 67.2%. Sus unidades significan algo: en *Estados ocultos*, la unidad "
                                  "encontrada para 'a continuación termina un número' se activa justo antes de cada "
                                  "'.'.",
    'lesson.gru': "10. El ejercicio del capítulo: una GRU",
    'lesson.gru.text': "**El ejercicio del capítulo: una GRU.** LMModel9 sustituye la LSTM de LMModel6 por una GRU "
                       "escrita a mano: dos puertas y ningún estado de celda, y lo hace mejor (81.3% frente a 67.2%). "
                       "En *Estados ocultos*, observa su puerta de actualización (oscuro: conservar h; claro: tomar "
                       "el nuevo candidato) alrededor de '.' y 'thousand'; *El modelo* muestra su código y cómo se "
                       "compara.",
    'lesson.nine_thousand': "8. El fallo de 'nine thousand'",
    'lesson.nine_thousand.text': "**El fallo de 'nine thousand'.** Ningún número a partir de 9000 está en el texto de "
                                 "entrenamiento. Tras 8999 los modelos no saben empezar 'nine thousand': mira el "
                                 "gráfico y luego *Fallos*, donde LMModel7 falla el 'nine' de 848 de los 951 "
                                 "números a partir de 9000.",

    # presentation mode
    'present': "Modo presentación",
    'present.info': "Letra grande, solo lo esencial, y la predicción oculta hasta que la reveles: la clase adivina "
                    "primero.",
    'present.reveal': "Revelar la predicción",
    'present.guess': "¿Qué viene a continuación? Adivina primero y luego revela.",

    # export
    'export.tab': "Exportar",
    'export.explain': "Llévate la vista. Los estados ocultos en pantalla como tabla (CSV: una fila por token, capa "
                      "y cantidad, una columna por unidad); y los dos archivos de checkpoint del modelo seleccionado, "
                      "tal como los escribe `train.py`.",
    'export.csv': "Descargar los estados ocultos (CSV)",
    'export.checkpoint': "Descargar los archivos de checkpoint del modelo",
    'export.files': "Archivos",

    'about.panel': "Sobre estos modelos",
    'about.text': """
### Qué estás viendo
HUMAN_NUMBERS es la cuenta en palabras inglesas, un número tras otro, separados por ' . ':
`one . two . three . … nine thousand nine hundred ninety nine`. Tiene {vocab} tokens distintos. Falta el
8000: fastai distribuye la cuenta en dos archivos, del 1 al 7999 y del 8001 al 9999.

El texto se corta al 80%, dentro del 8084: los modelos aprenden de la cuenta anterior al corte y se validan con el
resto; su **precisión en validación** es la frecuencia con la que su token siguiente más probable es el correcto en
esa parte. Como se leen en lotes de flujos completos, LMModel3 a LMModel9 dejan fuera los últimos elementos de cada
parte. LMModel1 y LMModel2 entrenan con la cuenta del 1 al {three_train} y se validan con la del {three_first} al
{three_last}; LMModel3, del 1 al {order_train} y del {order_first} al {order_last}; LMModel4 a LMModel9, del 1 al
{seq_train} y del {seq_first} al {seq_last}. Ningún número a partir de 9000 está en la parte de entrenamiento.

Los siete modelos son los del capítulo 12 del libro de fastai, *Un modelo de lenguaje desde cero*, y cada uno añade
una idea: LMModel1 lee tres tokens con una misma capa reutilizada para cada uno; LMModel2 lo escribe como un bucle
(una RNN); LMModel3 conserva su estado oculto de un fragmento al siguiente; LMModel4 predice tras cada token;
LMModel5 apila dos capas RNN; LMModel6 es una LSTM; LMModel7 la regulariza (dropout, pesos compartidos, AR y TAR),
como hace AWD-LSTM. LMModel8 va más allá del libro: un puntero sobre la LSTM, una atención que copia un token de
los 32 últimos. LMModel9 es el ejercicio del capítulo: LMModel6 con una GRU escrita desde cero en lugar de su LSTM
(dos puertas, sin estado de celda).

**La línea base.** Responder siempre '{baseline}' acierta el {baseline_share} de las veces en el texto de validación:
la puntuación que cualquier modelo debe superar.

**Dónde fallan.** Tras el '.' que sigue a 8999, los modelos del libro nunca han visto empezar 'nine thousand':
prueba `8998 . 8999 .` y mira el token siguiente. LMModel8 copia 'nine' del número anterior, en cuanto tiene uno
del que copiarlo.

**La temperatura y el top-k** reajustan la misma predicción: por debajo de 1, más concentrada; por encima de 1, más
plana; el top-k conserva solo los k tokens más probables. La temperatura 0 es voraz: siempre el token más probable.
""",

    # where LMModel8 looks
    'attention.tab': "Atención",
    'attention.explain': "LMModel8 añade un puntero a una LSTM: en cada posición mira hacia atrás, sobre los 32 "
                         "últimos tokens, y puede copiar el token que vino después de un momento como este, en "
                         "vez de fiarse de su propia apuesta. Cada fila es una posición del prefijo (tras leer su "
                         "token), cada columna un token que puede copiar; la última columna es la parte que deja a "
                         "la apuesta propia de la LSTM (el centinela). En una cuenta, mira al mismo lugar del número "
                         "anterior: así empieza 'nine thousand', una palabra de los miles que nunca vio al comienzo "
                         "de un número en el entrenamiento.",
    'attention.none': "{variant} no tiene atención: solo LMModel8 apunta a tokens anteriores. "
                      "Elige LMModel8 para verla.",
    'attention.last': "Tras el último token, copia sobre todo '{token}' ({share}), y deja un {sentinel} a su propia "
                      "apuesta.",
    'attention.last_own': "Tras el último token, deja un {sentinel} a su propia apuesta; de los tokens que puede "
                          "copiar, '{token}' es el que más recibe ({share}).",
    'attention.last_none': "Tras el último token, deja un {sentinel} a su propia apuesta y no copia ningún token.",
    'attention.sentinel': "apuesta propia",
    'attention.x': "el token que puede copiar",
    'attention.y': "tras leer",
    'failures.two': "#### Dos arquitecturas, dos fallos\nAl comienzo de cada número a partir de 9000, un modelo debe "
                    "decir 'nine' tras '.', y luego 'thousand' tras ese 'nine'. Las LSTM fallan en lo primero: nunca "
                    "vieron 'nine' empezar un número de cuatro palabras. Un transformer sencillo, medido en la "
                    "investigación de este proyecto, falla en lo segundo: la atención copia 'nine' del número "
                    "anterior, pero después responde lo que seguía a 'nine' en el entrenamiento ('hundred', '.'). El "
                    "puntero de LMModel8 acierta en los dos.",
    'failures.two_table': "| modelo | '.' → 'nine': errores | 'nine' → 'thousand': errores "
                          "| precisión en validación |\n"
                          "|---|---|---|---|",
    'failures.two_row': "| {variant} | {nine_wrong} de {nine} | {after_wrong} de {after} | {accuracy} |",
    'decided.pointer': "LMModel8 mezcla una copia de tokens anteriores (mira *Atención*) con la apuesta propia de su "
                       "LSTM: las barras son los votos de su apuesta propia, antes de la mezcla.",
    'lesson.pointer': "9. Más allá del libro: pasado el 9000",
    'lesson.pointer.text': "**Más allá del libro: pasado el 9000.** LMModel8 añade un puntero a la LSTM: puede "
                           "copiar un token de los 32 últimos. En *Atención*, mira adónde mira tras cada '.': "
                           "a la primera palabra del número anterior. Acierta el 98.1% del texto de validación "
                           "y empieza 'nine thousand'.",

    # what can be wrong with what people type or choose (lm.prefix.MESSAGES, by key)
    'problem.unknown_word': "'{word}' no es una palabra del vocabulario: ¿quisiste decir {near}?",
    'problem.unknown_word_plain': "'{word}' no es una palabra del vocabulario: escribe palabras de números como "
                                  "'seven' o 'hundred', cifras, '.' o ','",
    'problem.no_and': "'and' no es una palabra del vocabulario (HUMAN_NUMBERS escribe los números sin 'and': "
                      "'one hundred five')",
    'problem.no_zero': "'{word}' no es una palabra del vocabulario (HUMAN_NUMBERS empieza a contar en uno)",
    'problem.spanish_word': "HUMAN_NUMBERS está en inglés: '{word}' es '{english}'",
    'problem.spanish_start': "'{word}' no es una palabra del vocabulario: HUMAN_NUMBERS está en inglés ('{spanish}' es "
                             "'{english}')",
    'problem.being_typed': "se está escribiendo '{word}' (podría llegar a ser {completions})",
    'problem.separated_past_9999': "'{piece}' se lee como un solo número, {n}, mayor que 9999: para dos números, pon "
                                   "un espacio después del separador ('{fix}')",
    'problem.out_of_range': "'{piece}' no es un número del 1 al 9999",
    'problem.stray_sign': "'{piece}' no es ni una palabra ni un número: escribe palabras, cifras, '.' o ','",
    'problem.too_many_tokens': "el prefijo tiene más de {limit:,} tokens: acórtalo",
    'problem.too_long': "el texto tiene {length:,} caracteres, más de los {limit:,} permitidos (unos {tokens:,} "
                        "tokens): acórtalo",
    'problem.empty': "el prefijo está vacío: escribe una parte de la cuenta, como 'one . two .'",
    'problem.reads_last': "{variant} lee exactamente los últimos {needs} tokens, y el prefijo tiene {n} tokens",
    'problem.reads_last.one': "{variant} lee exactamente los últimos {needs} tokens, y el prefijo tiene {n} token",
    'problem.not_text': "el texto debe ser una cadena, como 'one . two .'",
    'problem.not_variant': "la variante debe ser un nombre como 'LMModel7'",
    'problem.unknown_model': "modelo desconocido '{name}'; elige uno de {choices}",
    'problem.unavailable': "{variant} no está disponible: {reason}",
    # entrenar en la página (ui/training.py)
    'train.tab': "Entrenar",
    'train.explain': "Entrena tú un modelo, con el mismo código que `train.py` (el `Learner` de fastai y "
                     "`fit_one_cycle`). Elige un modelo, cambia una cosa (las épocas, la tasa de aprendizaje, la "
                     "semilla, el tamaño oculto o la parte del texto que entrena), pulsa **Entrenar** y míralo "
                     "aprender: la barra, la tabla de fastai y las curvas crecen tras cada época. Al terminar, "
                     "explóralo en cada pestaña junto al modelo incluido, revive cómo aprendió con el control de "
                     "abajo, o descárgalo.\n\n"
                     "La pregunta abierta del capítulo: ningún número de 9000 o más está en la parte de entrenamiento "
                     "del cuaderno. Entrena LMModel7 con una parte de 0.92 o más, y mira si aprende a decir 'nine' al "
                     "principio de los números desde 9000.",
    'train.limits': "En este servidor se entrena un modelo a la vez; los demás esperan su turno y ven su puesto. Como "
                    "mucho {epochs} épocas y {seconds} s de entrenamiento por ejecución: pasado eso se detiene, "
                    "conservando las épocas hechas. Tu modelo dura mientras esta página siga abierta.",
    'train.variant': "Modelo a entrenar",
    'train.epochs': "Épocas",
    'train.lr': "Tasa de aprendizaje máxima",
    'train.seed': "Semilla",
    'train.n_hidden': "Tamaño oculto",
    'train.train_share': "Parte del texto que entrena",
    'train.train_share.info': "El cuaderno entrena con el primer 80% de la cuenta y valida con el resto.",
    'train.train': "Entrenar",
    'train.stop': "Detener",
    'train.explore': "Explorar mi modelo, junto al incluido",
    'train.download': "Descargar los archivos de mi modelo",
    'train.files': "Archivos",
    'train.replay': "Repetición: el modelo tras este número de épocas",
    'train.replay.info': "0 es antes de entrenar (pesos al azar). Bajo las pestañas: su predicción y sus estados "
                         "ocultos para el prefijo, época a época.",
    'train.coverage': "La parte de entrenamiento lee los números del {first} al {last}; la de validación, del "
                      "{valid_first} al {valid_last}.",
    'train.no_nine_thousand': "Ningún número de 9000 o más está en el entrenamiento: ¿dirá 'nine' al principio del "
                              "9000?",
    'train.nine_thousand': "El entrenamiento lee números desde 9000: ¿acierta 'nine' al principio de los números de "
                           "la validación?",
    'train.no_nine_positions': "Su parte de validación no tiene ningún número desde 9000.",
    'train.nine': "Al principio de los números de la validación desde 9000, acierta 'nine' en **{nine_right} de "
                  "{nine}** posiciones, y el 'thousand' que sigue a ese 'nine' en **{after_right} de {after}**.",
    'train.progress': "Época {epoch} de {epochs}: lote {batch} de {batches}",
    'train.bad': "No se puede entrenar con ese valor de {setting}: debe ser {allowed}.",
    'train.already': "Tu entrenamiento sigue en marcha: detenlo antes, o espera a que termine.",
    'train.submitted': "Empezando el entrenamiento…",
    'train.queued': "En espera: hay {n} entrenamientos antes del tuyo.",
    'train.queued.one': "En espera: el tuyo va después del que está en marcha.",
    'train.started': "Entrenando {variant} durante {epochs} épocas…",
    'train.nothing_to_stop': "No tienes ningún entrenamiento en marcha.",
    'train.stopping': "Deteniendo tras el lote actual…",
    'train.failed': "El entrenamiento falló: {message}",
    'train.stopped_empty.stopped': "Detenido antes de terminar la primera época: no hay modelo que conservar.",
    'train.stopped_empty.time limit': "El límite de tiempo llegó antes de terminar la primera época: no hay modelo "
                                      "que conservar.",
    'train.stopped_empty.cancelled': "Cancelado mientras esperaba.",
    'train.stopped.stopped': "Detenido tras {epochs} épocas, que se conservan.",
    'train.stopped.time limit': "El límite de tiempo lo detuvo tras {epochs} épocas, que se conservan.",
    'train.done': "**{model}**: {epochs} épocas en {seconds} s, precisión de validación **{accuracy}** (el {variant} "
                  "incluido: {shipped}). Ya está en la lista de modelos: explóralo en cada pestaña.",
    'train.no_model': "Entrena un modelo en esta pestaña: cómo aprendió, época a época, aparece aquí.",
    'train.replay_empty': "Escribe un prefijo para revivir cómo lo leyó tu modelo, época a época.",
    'train.untrained': "pesos al azar",
    'train.replay_text': "**{model}** tras **{epochs}** de {total} épocas (precisión de validación: {accuracy}). Tras "
                         "el prefijo dice '{token}' ({prob}).",
    'train.info': "**{model}**: el tuyo, entrenado en esta página durante {epochs} épocas con una tasa de aprendizaje "
                  "máxima de {lr}, semilla {seed}, tamaño oculto {n_hidden}, con el {share} del texto.",
    'or': ' o ',
}
