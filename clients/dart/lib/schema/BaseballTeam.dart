// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'LineupSlot.dart';
import 'PlayerInfo.dart';

final class BaseballTeam extends SchemaRef {
  BaseballTeam(super.handle);

  String get id => view.getString('id') ?? '';
  String get name => view.getString('name') ?? '';
  String get abbr => view.getString('abbr') ?? '';
  ArraySchema<LineupSlot> get order => arrayOf('order', LineupSlot.new);
  String get pitcher => view.getString('pitcher') ?? '';
  double get pitches => view['pitches'];
  double get spot => view['spot'];
  ArraySchema<String> get bench => primitiveArrayOf('bench');
  ArraySchema<double> get innings => primitiveArrayOf('innings');
  bool get decided => view.getBool('decided');
  ArraySchema<PlayerInfo> get players => arrayOf('players', PlayerInfo.new);
}
