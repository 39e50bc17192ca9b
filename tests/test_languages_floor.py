"""The Spanish and Mandarin phrase floors: emergency equipment named in routine work raises nothing, a denial
or a test of it raises nothing, and the same equipment blocked, failing or going off raises the alert.

Sentences written for these tests (not from the corpora or the bench sets). The routers run without their
routing model, so what is asserted is the floor and the context rules alone."""

from __future__ import annotations

import pytest

from assistant.intent.languages.router import LanguageRouter


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "la salida de emergencia del almacén tres está tapada con rollos de cartón"),
        ("es", "pulsé la seta de emergencia de la cortadora y no se para"),
        ("es", "está sonando la alarma de gas en el cuarto de compresores"),
        ("es", "se ha quemado el brazo con el vapor de la autoclave"),
        ("es", "hay un compañero herido en el andén cuatro"),
        ("zh", "二号车间有人触电了，快拉闸"),
        ("zh", "他是不是中暑了，叫了没反应"),
        ("zh", "蒸汽管道法兰在漏气，嘶嘶响"),
        ("es", "me dio un calambre la puerta del tablero cuatro, tiene corriente"),
        ("es", "el barandal de la plataforma está electrificado"),
        ("zh", "三号罐里氧含量只有十七点五%，下面还有人"),
        ("zh", "回火炉温控失灵了，已经到五百度还在升"),
        ("es", "¡que le ha pillado el guante la laminadora!"),
        ("zh", "2号剪板机光幕挡住了也照样往下剪，照样走"),
        ("es", "hay un tío subido al tejado de la nave sin arnés"),
        ("es", "conato de incendio en el secadero cuatro"),
        ("es", "el montacargas dos viene sin frenos para la línea tres"),
        ("zh", "消防通道停满叉车和托盘"),
        ("zh", "吊钩脱扣 托盘挂半空 要掉"),
        ("es", "se le cayó un saco de harina encima de un compañero en la bodega dos"),
        ("es", "le salpicó ácido al ojo al de limpieza"),
        ("es", "el sensor de amoniaco del túnel uno está en alarma"),
        ("es", "arde la caja de cartón junto a la selladora"),
        ("es", "la válvula de seguridad del autoclave está pegada, no dispara"),
        ("es", "la manguera de vapor del cocinador revienta a cada rato"),
        ("zh", "防护门打开了，冲床照样在动"),
        ("es", "está sonando el sensor de cloro de la planta de agua, ¿qué hago?"),
        ("es", "el ayudante bajó al pozo a sacar una bomba y no sale"),
        ("es", "quitaron la tapa de la sierra para limpiar y la arrancaron así"),
        ("es", "paro de emergencia de la mezcladora 2 probado y nada, no para"),
        ("es", "que salga todo el mundo del almacén, rápido"),
        ("zh", "二号线的急停按钮坏了，拍了没反应"),
        ("zh", "反应釜飞温了"),
        ("zh", "行车钢丝绳断股了还在吊钢卷"),
        ("zh", "安全出口那里放满了纸箱"),
        ("es", "la barandilla de la pasarela está suelta"),
        ("es", "apreté la seta de la envolvedora y no se paró"),
        ("es", "cerraron con candado la única salida del almacén"),
        ("zh", "罐区四合一报硫化氢 30ppm"),
        ("zh", "配电房的烟感让人用胶带包住了"),
        ("zh", "包装机旁边一地的油，滑得很"),
        # written after heldout21 and heldout22 were measured once, in other words than theirs
        ("es", "el ayudante está adentro del estanque 4 sin permiso ni medición de gases"),
        ("es", "tienen la barrera fotoeléctrica de la guillotina puenteada con un alambre"),
        ("es", "la caldera 2 está pasada de presión y la válvula no abre"),
        ("es", "se derrumbó la pared del galpón de insumos"),
        ("es", "suena la larma de gas en la sala de calderas"),
        ("zh", "二号窑尾 硫化氢 高高报"),
        ("zh", "煤气浓度超过联锁值了 风机还没停"),
        ("zh", "老王捂着胸口一下就倒了，嘴唇发紫"),
        ("zh", "北边安全门被人用铁链锁上了"),
        ("zh", "全员撤离到东门集合点"),
        ("zh", "拉绳开关怎么拉都不好使，皮带还在跑"),
        ("es", "me están saliendo ronchas en los brazos desde que usé el solvente"),
        ("es", "el horno de recocido no baja de temperatura y las paredes están al rojo vivo"),
        ("es", "la pasarela del silo se tambalea cuando subes"),
        ("es", "no se puede llegar a la ducha de emergencia por los tambos"),
        ("zh", "三号库逃生门全是货，人过不去"),
        # written after heldout23 was measured once, in other words than its
        ("es", "el soldador se metió en el tanque de lodos y ya no responde por radio"),
        ("es", "seguimos trabajando sin detector en la fosa, se le acabó la batería"),
        ("es", "la presión del reactor está fuera de rango y sigue subiendo"),
        ("es", "la grieta de la losa del almacén crece cada día"),
        ("es", "la columna del rack 5 está doblada después del golpe del montacargas"),
        ("es", "la salida de emergencia del taller está bloqueada con tarimas, no se puede salir"),
        ("zh", "氨气报警器一直在响，冷库那边"),
        ("zh", "皮带机尾轮护罩没了，皮带还在转"),
        ("zh", "好多人往外跑，是不是出事了"),
        ("zh", "砂轮片飞出来打到旁边的人了"),
        # written after heldout24 was measured once, in other words than its
        ("es", "están saliendo disparados los tornillos de la prensa, nadie se acerque"),
        ("es", "quedó un hueco en la pasarela sin señalizar ni tapar"),
        ("es", "están trasvasando ácido sin guantes ni careta en el laboratorio"),
        ("es", "los de mantenimiento entraron al silo sin medir gases"),
        ("es", "la válvula de seguridad del autoclave no abrió en la prueba y sigue trabajando"),
        ("zh", "有人把皮带轮的防护罩拆掉又开机了"),
        ("zh", "行车上升限位失灵了"),
        ("zh", "化学品库的通道全是酸"),
        ("zh", "天车吊的重物掉下来了，差点砸到人"),
        # written after heldout25 was measured once, in other words than its writers'
        ("es", "el gabinete del compresor 3 está abierto y energizado, sin candado"),
        ("es", "la línea de aceite térmico sin aislar, ya se quemó uno con ella"),
        ("es", "la caldera está a 12 bares y no baja, se va a botar"),
        ("es", "salida 2 bloqueada con cajas de producto terminado"),
        ("zh", "搬运工在冷冻库里待了两个钟，嘴唇发紫"),
        ("zh", "安全出口被纸箱堵死了，万一有事谁都出不去"),
        ("zh", "全部人撤离，唔系演练"),
        # written after heldout26 was measured once
        ("es", "el Beto se cayó de la plataforma del espesador y no se mueve"),
        ("es", "sonó el detector de CO en la bodega, estamos saliendo"),
        ("es", "la molienda 2 anda sin la tapa protectora del acople"),
        ("es", "la escalera del silo está floja, que nadie suba"),
        ("es", "salida emerg. 2 tapada x cajas"),
        ("zh", "冲床安全光栅缺失，仍在生产"),
        ("zh", "烘箱温控失灵，温度一直往上冲"),
        # written after heldout27 was measured once
        ("es", "se están cayendo cajas del entrepiso al pasillo, no pase nadie"),
        ("es", "la estantería del almacén 3 se viene abajo, tiene los largueros doblados"),
        ("es", "el fin de carrera de subida del polipasto no para, pega arriba"),
        ("es", "a la cortadora 4 le quitaron la malla y nadie la ha vuelto a poner"),
        ("es", "la chava de empaque se cayó redonda en la banda 2"),
        ("es", "estamos encerrados en la cámara fría, no abre por dentro"),
        ("zh", "滚筒卷住他袖子了，快停机"),
        # written after heldout28 was measured once
        ("es", "la carcasa de la lavadora 2 está dando toques, no la toquen"),
        ("es", "sonó... no, se activó la alarma de gas en la sala de calderas"),
        ("es", "resguardo del acople de la bomba 3 quitado y la bomba en marcha"),
        ("zh", "喷漆房可燃气体报警了，读数还在升"),
        # written after heldout29 was measured once
        ("es", "le sacaron la guarda a la sierra para ir más rápido"),
        ("es", "la bocina de retroceso del cargador no suena"),
        ("es", "tiré del cable de emergencia de la banda 2 y no paró"),
        ("zh", "仓库钢梁弯曲变形了"),
        # written after heldout30 was measured once
        ("es", "están tosiendo todos por el humo del horno"),
        ("es", "me he quemao el brazo con el aceite"),
        ("es", "el lavaojos del taller no echa agua"),
        ("zh", "3号冲床光栅联锁被短接了"),
        ("zh", "2号平台变形下沉约5公分"),
        ("zh", "我跟你讲啊，那个安全出口被叉车挡住了"),  # "讲" then "安全" in the next clause is no safety talk
        # written after heldout31 was measured once
        ("es", "derrame de aceite hidráulico en el pasillo 3, como 40 litros"),
        ("zh", "3号行车检修工掉下来了，挂安全带上吊着呢"),
        ("zh", "罐里进去一个人清洗，作业票没办"),
        # written after heldout32 was measured once (Mandarin in traditional characters as Taiwan writes it)
        ("es", "la temperatura del horno 2 no hay manera de que baje, va en 300 grados"),
        ("es", "está sonando la sirena y todos salen corriendo"),
        ("zh", "全廠廣播 緊急疏散 不是演習"),
        ("zh", "學徒沒戴手套 手燙傷了"),  # "沒" denies the gloves, not the burn
        ("zh", "新人没戴手套去拿模具 手烫伤了"),  # a new hire hurt, not a lesson for new hires
        # written after heldout33 was measured once
        ("es", "la alarma de ce o del sótano está marcando sesenta pe pe eme"),  # CO and ppm spelt out
        ("es", "el de la llenadora se desplomó junto a la banda"),
        ("es", "el pullcord de la banda cuatro está desconectado y la banda sigue"),
        ("es", "se regó jabón en la zona de lavado, el piso quedó como pista de patinaje"),
        ("zh", "仓库那个探头一直闪红灯，滴滴响"),
    ],
)
def test_the_floor_raises_hazards_said_now(routers: dict[str, LanguageRouter], language: str, text: str) -> None:
    decision = routers[language].decide(text)
    assert decision.safety and decision.layer == "safety", (text, decision.layer)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "cambiar el foco de la luz de emergencia del pasillo cinco"),
        ("es", "prueba del paro de emergencia de la línea dos realizada, todo ok"),
        ("es", "se probó la alarma de gas del sótano y suena bien"),
        ("es", "en toda la semana no hubo ningún herido"),
        ("es", "salieron veinte piezas quemadas del horno, defecto D veinte"),
        ("es", "¿cómo te llamas?"),
        ("zh", "没着火，是烤箱开门冒出的热气"),
        ("zh", "漏电保护器试验按钮按了，跳闸正常"),
        ("zh", "一氧化碳报警器没响，读数是零"),
        ("zh", "车间地上的油拖干净了，莫得事了"),
        ("zh", "报一个未遂：叉车倒车差点碰到人，没碰到，已经加了反光镜"),
        ("zh", "真空吸盘有点漏气，下班前换一个"),
        ("zh", "锅炉点不着火，报熄火故障"),
        ("es", "revisé la carcasa del motor dos y no da corriente"),
        ("zh", "进罐前测了氧含量20.8%，合格"),
        ("es", "el conato en el cuadro ya está apagado, todo bien"),
        ("es", "el montacargas que se quedó sin frenos ya lo sacaron de servicio y está etiquetado"),
        ("zh", "新来的记住了啊，酸溅眼里先冲十五分钟再说"),  # first aid taught, no splash now
        ("zh", "化学品溅到眼睛里 要冲多长时间？"),
        ("es", "merma de 20 latas aplastadas en la llenadora"),
        ("es", "prueba parada emergencia línea 6 ok"),
        ("es", "le cambié el cable pelado a la lijadora, ya está seguro"),
        ("zh", "那段破皮的电缆已经被维修换掉了"),
        ("zh", "消防栓怎么用，先开阀门还是先接水带？"),
        ("zh", "外观压伤 NG 12pcs"),  # a product's defect, not an injury
        ("zh", "泵出口法兰紧了一遍，不漏了"),
        ("es", "no se cayó nadie, fue una bolsa que se resbaló de la mesa"),
        ("es", "orden de trabajo: cambiar la barandilla floja de la escalera 2"),
        ("zh", "昨天锅炉超压那事查清楚了，是表坏了"),
        # written after heldout21 and heldout22 were measured once
        ("es", "si pita el monitor de CO en el túnel, ¿salimos o esperamos al jefe?"),
        ("zh", "氨水溅到手上要冲几分钟？"),
        ("zh", "氯气管道接口昨天堵好了，现场也打扫干净了"),
        ("es", "ya quitaron los tambos de la salida de emergencia sur, quedó libre"),
        ("es", "el sensor de la puerta de la prensa ya no está puenteado"),
        ("es", "y si a uno le cae ácido en la mano, ¿qué hace primero?"),
        ("zh", "安全出口 的 铁链 我们 拿掉 了，门 推得开了"),
        # written after heldout25 was measured once
        ("es", "fuerza de prensado de la prensa 2 en 180 toneladas"),  # pressing force, no one crushed
        ("es", "¿qué se le echa a un derrame de ácido, por si acaso?"),
        ("es", "el lote 12 se va a botar, salió con burbujas"),  # scrapped, not about to blow
        ("zh", "万一着火了，灭火器放在哪里？"),
        ("zh", "蒸汽管漏点已补焊，检测读数为0"),
        # written after heldout27 was measured once
        ("es", "ya desbloquearon el portón de emergencia del muelle"),
        ("es", "chirrido en la cinta 6, no corre prisa, que lo miren en la parada"),
        # written after heldout28 was measured once
        ("zh", "整改完成：3号线电柜积尘清理，火灾隐患关闭"),
        ("zh", "1号烘箱温度稳在180度，正常"),
        ("es", "presión del vapor estable en 8 bar, dentro de rango"),
        # written after heldout29 was measured once
        ("zh", "污水站漏点已经堵住，地面冲洗中和完毕"),
        # written after heldout30 was measured once
        ("es", "la colada salió a 1200 grados en el sangrado, normal"),  # a furnace's tapping, no blood
        ("es", "se apuntaló el techo del almacén"),
        ("es", "se fundió un foco del pasillo"),
        ("zh", "二楼走道栏杆已焊复"),
        ("zh", "地沟已经用铁板盖上了"),
        ("zh", "注塑机死火，等师傅来修"),
        ("zh", "8:40 2号压机光栅联锁恢复 短接线已拆除"),
        # written after heldout31 was measured once
        ("es", "la quemadura de ayer ya la vio el médico, está bien"),
        ("es", "se rompió un saco de harina en la bodega, ya se barrió"),
        # written after heldout32 was measured once
        ("es", "hemos sangrado el aire de la línea de frenos de la carretilla 2"),
        ("es", "quemamos la basura del patio, quema programada, todo bajo control"),
        ("zh", "烤箱冒烟是油渍在烧 已经清掉了 没有起火"),
        # written after heldout33 was measured once
        ("es", "si a una compañera le salpica sosa en los ojos, ¿cuánto rato la enjuago?"),
        ("es", "el detector de CO del sótano marca 0 pe pe eme"),  # a zero reading trips no new gas phrase
        ("zh", "电源板上电就炸了两块，贴标签放不良区"),  # a board that blew, scrapped: a defect
        ("zh", "砂芯烘干炸了俩，报废"),
        ("zh", "行车遥控按了没反应，是不是没电了？"),  # a remote, not a person, that does not respond
    ],
)
def test_routine_denied_or_tested_hazard_words_raise_nothing(
    routers: dict[str, LanguageRouter], language: str, text: str
) -> None:
    decision = routers[language].decide(text)
    assert not decision.safety, (text, decision.layer)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "¡Evacuad la nave, todos fuera, que esto no es simulacro!"),
        ("zh", "三区紧急疏散，不是演习！"),
    ],
)
def test_an_evacuation_said_to_be_no_drill_is_alerted(
    routers: dict[str, LanguageRouter], language: str, text: str
) -> None:
    assert routers[language].decide(text).safety


def test_an_a_or_not_a_question_is_no_correction(routers: dict[str, LanguageRouter]) -> None:
    assert routers["zh"].decide("三号压机压力上不去，是不是油泵的问题？").intent.value != "correction"
    assert routers["zh"].decide("温度是二百三，不是二百六").intent.value == "correction"
    assert routers["zh"].decide("是二号锅炉，不是三号").intent.value == "correction"
