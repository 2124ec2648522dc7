// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'DuelCreature.dart';

final class DuelSide extends SchemaRef {
  DuelSide(super.handle);

  double get seat => view['seat'];
  double get handCount => view['handCount'];
  double get deckCount => view['deckCount'];
  double get prizeCount => view['prizeCount'];
  ArraySchema<String> get discard => primitiveArrayOf('discard');
  ArraySchema<DuelCreature> get active => arrayOf('active', DuelCreature.new);
  ArraySchema<DuelCreature> get bench => arrayOf('bench', DuelCreature.new);
  double get placed => view['placed'];
  bool get hidden => view.getBool('hidden');
  double get mulligans => view['mulligans'];
  bool get ready => view.getBool('ready');
  bool get attachedThisTurn => view.getBool('attachedThisTurn');
  bool get retreatedThisTurn => view.getBool('retreatedThisTurn');
}
