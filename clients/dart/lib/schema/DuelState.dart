// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'DuelSeat.dart';
import 'DuelSide.dart';
import 'TableState.dart';

final class DuelState extends TableState {
  DuelState(super.handle);

  ArraySchema<DuelSeat> get seats => arrayOf('seats', DuelSeat.new);
  String get phase => view.getString('phase') ?? '';
  String get set => view.getString('set') ?? '';
  double get turn => view['turn'];
  double get current => view['current'];
  double get first => view['first'];
  double get prizes => view['prizes'];
  ArraySchema<double> get promote => primitiveArrayOf('promote');
  String get search => view.getString('search') ?? '';
  ArraySchema<DuelSide> get sides => arrayOf('sides', DuelSide.new);
}
